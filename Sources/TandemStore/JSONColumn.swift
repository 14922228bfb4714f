import Foundation

/// How the store turns core values (modules, events) into the JSON text of a column and back.
enum JSONColumn {
  /// The JSON text of `value`, with sorted keys so equal values store identical text.
  static func encode<Value: Encodable>(_ value: Value) throws -> String {
    String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  /// One encoder and one decoder for every column: they are safe to share between threads,
  /// and making one per value cost more than the encoding itself.
  private static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }()
  private static let decoder = JSONDecoder()

  /// The value stored as `text`, or a `StoreError.corruptRecord` naming `record` (never the data).
  static func decode<Value: Decodable>(_ type: Value.Type, from text: String, record: String) throws -> Value {
    do {
      return try decoder.decode(type, from: Data(text.utf8))
    } catch let error as DecodingError {
      throw StoreError.corruptRecord(record: record, problem: problem(error))
    } catch {
      throw StoreError.corruptRecord(record: record, problem: "the json does not decode")
    }
  }

  /// What went wrong, by coding path only: a decoder's debug text may quote the stored values.
  private static func problem(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
      let keys = codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
      return keys.isEmpty ? "the top level" : "'" + keys.joined(separator: ".") + "'"
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing key '\(key.stringValue)' at \(path(context.codingPath))"
    case .valueNotFound(_, let context):
      return "missing value at \(path(context.codingPath))"
    case .typeMismatch(_, let context):
      return "unexpected type at \(path(context.codingPath))"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty ? "not valid json" : "invalid value at \(path(context.codingPath))"
    @unknown default:
      return "the json does not decode"
    }
  }
}

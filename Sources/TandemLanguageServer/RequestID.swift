/// A request's id: a number or a string, echoed in its response.
public enum RequestID: Hashable, Sendable {
  /// A numeric id.
  case number(Int)
  /// A string id.
  case string(String)

  /// Reads an id from parsed JSON; `nil` for anything else.
  init?(json: Any?) {
    if let text = json as? String {
      self = .string(text)
    } else if let number = json as? Int {
      self = .number(number)
    } else {
      return nil
    }
  }

  /// The id as JSON.
  var json: Any {
    switch self {
    case .number(let number): number
    case .string(let text): text
    }
  }
}

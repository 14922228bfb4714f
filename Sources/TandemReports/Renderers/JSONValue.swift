/// A JSON value with ordered object keys, for output whose byte layout must not change (FHIR).
indirect enum JSONValue {
  case object([(String, JSONValue)])
  case array([JSONValue])
  case string(String)
  case int(Int)
  case double(Double)
  case bool(Bool)

  /// Pretty-printed with two-space indentation.
  func rendered() -> String {
    var out = ""
    out.reserveCapacity(1 << 16)
    write(to: &out, indent: 0)
    return out + "\n"
  }

  static let indents = (0..<64).map { String(repeating: " ", count: $0) }

  static func pad(_ n: Int) -> String { n < indents.count ? indents[n] : String(repeating: " ", count: n) }

  func write(to out: inout String, indent: Int) {
    switch self {
    case .string(let s): Self.quote(s, into: &out)
    case .int(let i): out += String(i)
    case .double(let d): out += d.isFinite ? d.plainText : "null"  // JSON has no NaN or infinity
    case .bool(let b): out += b ? "true" : "false"
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      out += "[\n"
      for (i, item) in items.enumerated() {
        out += Self.pad(indent + 2)
        item.write(to: &out, indent: indent + 2)
        out += i == items.count - 1 ? "\n" : ",\n"
      }
      out += Self.pad(indent) + "]"
    case .object(let pairs):
      if pairs.isEmpty { out += "{}"; return }
      out += "{\n"
      for (i, (key, value)) in pairs.enumerated() {
        out += Self.pad(indent + 2)
        Self.quote(key, into: &out)
        out += ": "
        value.write(to: &out, indent: indent + 2)
        out += i == pairs.count - 1 ? "\n" : ",\n"
      }
      out += Self.pad(indent) + "}"
    }
  }

  static func quote(_ s: String, into out: inout String) {
    out += "\""
    // Bytes 0x7F, 0xC2 (C1 controls) and 0xE2 (line separators, bidirectional overrides) may
    // need a `\u` escape too; anything else can be copied.
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) {
      out += s
      out += "\""
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if JSONText.needsEscape(scalar) {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }
}

/// Which characters Tandem's JSON writes as `\u` escapes: every control character (C0, DEL,
/// C1) and the line separators and bidirectional overrides, so JSON shown in a terminal or
/// pasted into a page cannot carry them raw. The data is unchanged for any JSON reader.
public enum JSONText {
  /// Whether `scalar` is written as `\uXXXX`.
  public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x2028...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  /// `json` (already valid JSON) with every such character outside ASCII written as `\uXXXX`
  /// (JSON encoders escape the C0 controls themselves but copy the rest as they are).
  public static func escapingControls(_ json: String) -> String {
    guard json.unicodeScalars.contains(where: { $0.value >= 0x7F && needsEscape($0) }) else { return json }
    var out = ""
    out.unicodeScalars.reserveCapacity(json.unicodeScalars.count)
    for scalar in json.unicodeScalars {
      if scalar.value >= 0x7F && needsEscape(scalar) {
        let hex = String(scalar.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}

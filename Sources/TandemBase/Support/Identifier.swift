/// The ids Tandem's files and events use (modules, steps, programs, studies, measures): 1 to 64
/// ASCII lowercase letters, digits, '-' and '_', not starting with '-'. Checked byte by byte:
/// every allowed character is one ASCII byte.
public enum Identifier {
  public static func isValid(_ text: String, maxLength: Int = 64) -> Bool {
    let utf8 = text.utf8
    return !utf8.isEmpty && utf8.count <= maxLength && utf8.first != 0x2D
      && utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
  }
}

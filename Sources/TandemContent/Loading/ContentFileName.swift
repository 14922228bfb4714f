/// The rule every content file follows: its name without `.yaml` or `.yml` is its id.
enum ContentFileName {
  /// `Modules/worry-time.yaml` → `worry-time`; `nil` for an empty path.
  static func stem(_ path: String) -> String? {
    guard let name = path.split(separator: "/").last else { return nil }
    for suffix in [".yaml", ".yml"] where name.lowercased().hasSuffix(suffix) {
      return String(name.dropLast(suffix.count))
    }
    return String(name)
  }
}

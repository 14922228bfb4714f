import TandemBase

/// Findings as a SARIF 2.1.0 log (`tandem validate --format sarif`), the format code-review tools
/// (GitHub code scanning among them) read to show findings inline on the lines they are about.
///
/// One run; the driver lists one rule per category that appears, and each finding is a result
/// with its rule, level, message and place. Notes become related locations, and a "did you
/// mean" fix-it a fix that replaces the misspelt name. Relative paths stay
/// relative to `%SRCROOT%`, the repository root; absolute paths become `file://` URIs. Columns
/// are counted in Unicode code points, as Tandem counts them (`run.columnKind`).
public struct SARIFLog: Encodable, Hashable, Sendable {
  /// The schema address SARIF consumers and editors recognise.
  public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

  /// A message: plain text.
  public struct Message: Encodable, Hashable, Sendable {
    /// The text; square brackets that would read as SARIF's embedded links are escaped.
    public var text: String

    /// A message saying `text`.
    public init(_ text: String) { self.text = SARIFLog.escapedLinks(text) }
  }

  /// The tool: Tandem, and the checks it ran.
  public struct Tool: Encodable, Hashable, Sendable {
    /// Tandem itself.
    public var driver: Driver
  }

  /// The program that made the log.
  public struct Driver: Encodable, Hashable, Sendable {
    /// `tandem`.
    public var name: String
    /// The version, as `tandem --version` prints it.
    public var version: String
    /// Where to read about the tool; omitted when `nil`.
    public var informationUri: String?
    /// One rule per category among the results, sorted by id.
    public var rules: [Rule]
  }

  /// A check, named by a finding's category.
  public struct Rule: Encodable, Hashable, Sendable {
    /// The category (`unknown-step`).
    public var id: String
    /// The category in words (`Unknown step`).
    public var shortDescription: Message
  }

  /// A file, by URI.
  public struct ArtifactLocation: Encodable, Hashable, Sendable {
    /// The path as a URI reference: relative (percent-encoded) or `file://`.
    public var uri: String
    /// `%SRCROOT%` for a relative path.
    public var uriBaseId: String?
  }

  /// A part of a line: where a finding starts, or the text a fix replaces.
  public struct Region: Encodable, Hashable, Sendable {
    /// 1-based line.
    public var startLine: Int
    /// 1-based column, in code points.
    public var startColumn: Int
    /// The column after the region's last character; `nil` for a point.
    public var endColumn: Int?
  }

  /// A place in a file.
  public struct PhysicalLocation: Encodable, Hashable, Sendable {
    /// The file.
    public var artifactLocation: ArtifactLocation
    /// Where in it.
    public var region: Region
  }

  /// A place, for a result or one of its notes.
  public struct Location: Encodable, Hashable, Sendable {
    /// The note's number within its result, for related locations; `nil` for a result's own place.
    public var id: Int?
    /// The file and position; `nil` for a note about no file.
    public var physicalLocation: PhysicalLocation?
    /// What a note says about the place.
    public var message: Message?
  }

  /// Text to put in a region's place.
  public struct ArtifactContent: Encodable, Hashable, Sendable {
    /// The text.
    public var text: String
  }

  /// One edit: the region removed, and what goes there.
  public struct Replacement: Encodable, Hashable, Sendable {
    /// The text removed.
    public var deletedRegion: Region
    /// The text inserted.
    public var insertedContent: ArtifactContent
  }

  /// The edits to one file.
  public struct ArtifactChange: Encodable, Hashable, Sendable {
    /// The file.
    public var artifactLocation: ArtifactLocation
    /// The edits.
    public var replacements: [Replacement]
  }

  /// A suggested fix (a finding's "did you mean" correction).
  public struct Fix: Encodable, Hashable, Sendable {
    /// What the fix does.
    public var description: Message
    /// The edits.
    public var artifactChanges: [ArtifactChange]
  }

  /// One finding.
  public struct Result: Encodable, Hashable, Sendable {
    /// The finding's category.
    public var ruleId: String
    /// The rule's position in `driver.rules`.
    public var ruleIndex: Int
    /// `error`, `warning` or `note`.
    public var level: String
    /// The message.
    public var message: Message
    /// Where the finding is; empty for a finding about no file.
    public var locations: [Location]
    /// The finding's notes, numbered from 1.
    public var relatedLocations: [Location]
    /// Suggested fixes.
    public var fixes: [Fix]

    enum CodingKeys: String, CodingKey {
      case ruleId, ruleIndex, level, message, locations, relatedLocations, fixes
    }

    /// Leaves out empty lists.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(ruleId, forKey: .ruleId)
      try container.encode(ruleIndex, forKey: .ruleIndex)
      try container.encode(level, forKey: .level)
      try container.encode(message, forKey: .message)
      if !locations.isEmpty { try container.encode(locations, forKey: .locations) }
      if !relatedLocations.isEmpty { try container.encode(relatedLocations, forKey: .relatedLocations) }
      if !fixes.isEmpty { try container.encode(fixes, forKey: .fixes) }
    }
  }

  /// One run of the tool.
  public struct Run: Encodable, Hashable, Sendable {
    /// Tandem and its rules.
    public var tool: Tool
    /// How columns are counted: `unicodeCodePoints`.
    public var columnKind: String
    /// Every finding, in the order the text output prints them.
    public var results: [Result]
  }

  /// The schema the log follows.
  public var schema: String = SARIFLog.schemaURI
  /// `2.1.0`.
  public var version: String = "2.1.0"
  /// The one run.
  public var runs: [Run]

  enum CodingKeys: String, CodingKey {
    case schema = "$schema"
    case version, runs
  }

  /// The log for `diagnostics`; with `strict`, warnings are reported at level `error`, as they
  /// fail the run.
  public init(
    diagnostics: [Diagnostic], strict: Bool = false, toolVersion: String, informationURI: String? = nil
  ) {
    let ids = Set(diagnostics.map(\.category.rawValue)).sorted()
    let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($0.element, $0.offset) })
    let rules = ids.map { Rule(id: $0, shortDescription: Message(Self.words($0))) }
    let results = diagnostics.map { diagnostic in
      Self.result(diagnostic, strict: strict, ruleIndex: index[diagnostic.category.rawValue] ?? 0)
    }
    let driver = Driver(name: "tandem", version: toolVersion, informationUri: informationURI, rules: rules)
    runs = [Run(tool: Tool(driver: driver), columnKind: "unicodeCodePoints", results: results)]
  }

  private static func result(_ diagnostic: Diagnostic, strict: Bool, ruleIndex: Int) -> Result {
    let level: String
    switch diagnostic.severity {
    case .error: level = "error"
    case .warning: level = strict ? "error" : "warning"
    case .note: level = "note"
    }
    let place = diagnostic.location.map { Location(id: nil, physicalLocation: physical($0), message: nil) }
    let related = diagnostic.notes.enumerated().map { number, note in
      Location(id: number + 1, physicalLocation: note.location.map(physical), message: Message(note.message))
    }
    return Result(
      ruleId: diagnostic.category.rawValue, ruleIndex: ruleIndex, level: level, message: Message(diagnostic.message),
      locations: place.map { [$0] } ?? [], relatedLocations: related, fixes: fix(diagnostic).map { [$0] } ?? [])
  }

  /// A finding's fix-it as a SARIF fix, when its name can be found on the line.
  static func fix(_ diagnostic: Diagnostic) -> Fix? {
    guard let fixIt = diagnostic.fixIt, let location = diagnostic.location, let columns = diagnostic.fixItColumns
    else { return nil }
    let region = Region(startLine: location.line, startColumn: columns.start, endColumn: columns.end)
    let change = ArtifactChange(
      artifactLocation: artifact(location.file),
      replacements: [Replacement(deletedRegion: region, insertedContent: ArtifactContent(text: fixIt.replacement))])
    return Fix(
      description: Message("replace '\(fixIt.original)' with '\(fixIt.replacement)'"), artifactChanges: [change])
  }

  static func physical(_ location: SourceLocation) -> PhysicalLocation {
    PhysicalLocation(
      artifactLocation: artifact(location.file),
      region: Region(startLine: max(1, location.line), startColumn: max(1, location.column), endColumn: nil))
  }

  /// A file path as an artifact location: relative paths against `%SRCROOT%`, absolute ones as
  /// `file://` URIs, percent-encoded either way.
  public static func artifact(_ path: String) -> ArtifactLocation {
    if path.hasPrefix("/") {
      return ArtifactLocation(uri: "file://" + percentEncoded(path), uriBaseId: nil)
    }
    var relative = Substring(path)
    while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
    return ArtifactLocation(uri: percentEncoded(String(relative)), uriBaseId: "%SRCROOT%")
  }

  /// `path` with every byte outside RFC 3986's unreserved characters, sub-delimiters, `@` and
  /// `/` written as `%XX` (colons too, so a relative path never reads as a scheme).
  static func percentEncoded(_ path: String) -> String {
    var out = ""
    for byte in path.utf8 {
      let scalar = Unicode.Scalar(byte)
      let kept =
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        || "-._~!$&'()*+,;=@/".unicodeScalars.contains(scalar)
      if kept {
        out.unicodeScalars.append(scalar)
      } else {
        let hex = String(byte, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return out
  }

  /// A category in words: `unknown-step` → `Unknown step`.
  static func words(_ category: String) -> String {
    let spaced = category.split(separator: "-").joined(separator: " ")
    return spaced.prefix(1).uppercased() + spaced.dropFirst()
  }

  /// `text` with `[` and `]` escaped when it contains `](`, so a quoted name such as `[a](1)`
  /// is not read as an embedded link (SARIF §3.11.6); other text is left as it is.
  static func escapedLinks(_ text: String) -> String {
    guard text.contains("](") else { return text }
    var out = ""
    for character in text {
      if character == "[" || character == "]" || character == "\\" { out.append("\\") }
      out.append(character)
    }
    return out
  }
}

import Foundation
import TandemCare
import Testing

@testable import TandemReports

/// Text from the record (medication names, module titles, the patient label) that tries to
/// drive a terminal, reverse the text after it, break a CSV row or run as a spreadsheet formula.
enum Hostile {
  static let escape = "\u{1B}[31m"
  static let bell = "\u{07}"
  static let reverse = "\u{202E}"
  static let formula = "=HYPERLINK(\"x\")"
  /// All of them at once, with a comma and a newline.
  static let text = "\(formula)\(escape)red\(bell),\nnext\(reverse)desrever"
  /// Raw forms none of which may appear in output.
  static let forbidden = [escape, "\u{1B}", bell, reverse, "\u{9B}", "\u{2066}"]

  /// The March record with every name, title and label replaced by `text`.
  static func report() -> Report {
    let march = ReportFixtures.march()
    let catalogue = MedicationCatalogue(
      march.catalogue.medications.map { medication in
        var renamed = medication
        renamed.genericName = text + medication.id
        return renamed
      })
    let sessions = march.sessions.map { session in
      var renamed = session
      renamed.module.title = text
      return renamed
    }
    let record = CareRecord(
      ledger: march.ledger, sessions: sessions, catalogue: catalogue, now: march.now, timeZone: march.timeZone)
    var request = ReportFixtures.marchRequest
    request.patientLabel = text
    return Report.build(record: record, request: request)
  }
}

@Suite("Report renderers: hostile text from the record")
struct HostileTextTests {
  @Test("no format carries raw ESC, BEL, C1 or bidirectional controls", arguments: ReportFormat.allCases)
  func noRawControls(format: ReportFormat) {
    let rendered = format.render(Hostile.report())
    for raw in Hostile.forbidden {
      #expect(!rendered.contains(raw), "\(format) carries \(raw.unicodeScalars.map { String($0.value, radix: 16) })")
    }
    #expect(!rendered.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" })
  }

  @Test("the hostile name is still there, in a visible form", arguments: [ReportFormat.text, .markdown, .html])
  func nameStaysVisible(format: ReportFormat) {
    let rendered = format.render(Hostile.report())
    #expect(rendered.contains("\\u{1b}[31m") || rendered.contains("\\\\u{1b}\\[31m"), "\(format)")
    #expect(rendered.contains("\\u{202e}") || rendered.contains("\\\\u{202e}"), "\(format)")
  }

  @Test("HTML: the name cannot open markup or an attribute")
  func htmlMarkup() {
    let page = HTMLReport.render(Hostile.report())
    #expect(!page.contains("\"x\")"))
    #expect(page.contains("=HYPERLINK(&quot;x&quot;)"))
  }

  @Test("JSON and FHIR stay valid and keep the name exactly", arguments: [ReportFormat.json, .fhir])
  func jsonRoundTrip(format: ReportFormat) throws {
    let rendered = format.render(Hostile.report())
    let object = try JSONSerialization.jsonObject(with: Data(rendered.utf8))
    #expect(object is [String: Any])
    #expect(rendered.contains("\\u001b"))
    #expect(rendered.contains("\\u202e"))
    if format == .json {
      let decoded = try JSONReport.decode(rendered)
      #expect(decoded.header.patientLabel == Hostile.text)
    }
  }

  @Test("text report: the hostile label cannot make a line longer than the rest or add a line")
  func textLines() {
    let plain = TextReport.render(Hostile.report())
    let patientLines = plain.split(separator: "\n").filter { $0.hasPrefix("Patient:") }
    #expect(patientLines.count == 1)
    // The hostile text puts "next" after its newline: it must never start a line of its own.
    #expect(!plain.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("next") })
  }
}

@Suite("CSVText: one escaping writer for CSV")
struct CSVTextTests {
  @Test(
    "formula starts get a quote mark; numbers do not",
    arguments: [
      ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
      ("-1.5", "-1.5"), ("+3", "+3"), ("plain", "plain"),
    ])
  func formulas(input: String, expected: String) {
    #expect(CSVText.field(input) == expected)
  }

  @Test("commas and quotes are quoted; newlines and controls are escaped so each record is one line")
  func quoting() {
    #expect(CSVText.field("a,b") == "\"a,b\"")
    #expect(CSVText.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
    #expect(CSVText.field("a\nb") == "a\\u{a}b")
    #expect(CSVText.field("a\r\nb") == "a\\u{d}\\u{a}b")
    #expect(CSVText.field("\u{1B}[31m\u{07}\u{202E}") == "\\u{1b}[31m\\u{7}\\u{202e}")
    #expect(CSVText.field("=HYPERLINK(\"x\"),y") == "\"'=HYPERLINK(\"\"x\"\"),y\"")
  }

  @Test("a row of hostile cells parses back to the same number of columns")
  func rowParsesBack() {
    let cells = [Hostile.text, "P,1", "=HYPERLINK(\"http://x\",\"y\")", "\n", "-2"]
    let rows = CSVParse.records(CSVText.row(cells) + "\r\n" + CSVText.row(["a", "b", "c", "d", "e"]) + "\r\n")
    #expect(rows.count == 2)
    #expect(rows.map(\.count) == [5, 5])
    #expect(rows[0][1] == "P,1")
    #expect(rows[0][4] == "-2")
    #expect(!rows[0].contains { $0.first == "=" || $0.first == "+" || $0.first == "@" })
  }
}

@Suite("HTMLText and JSONText")
struct MarkupTextTests {
  @Test("HTML: markup characters become entities, controls visible escapes")
  func html() {
    #expect(HTMLText.escape("<b a='1'>&\"") == "&lt;b a=&#39;1&#39;&gt;&amp;&quot;")
    #expect(HTMLText.escape("a\u{202E}b\u{1B}c") == "a\\u{202e}b\\u{1b}c")
  }

  @Test("JSON: C1, DEL, line separators and bidi overrides become \\u escapes; other text is untouched")
  func json() throws {
    let escaped = JSONText.escapingControls("{\"a\":\"x\u{202E}\u{85}\u{7F}\u{2028}é–\"}")
    #expect(escaped == "{\"a\":\"x\\u202e\\u0085\\u007f\\u2028é–\"}")
    let back = try JSONSerialization.jsonObject(with: Data(escaped.utf8)) as? [String: String]
    #expect(back?["a"] == "x\u{202E}\u{85}\u{7F}\u{2028}é–")
  }
}

/// A strict RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF or LF record ends.
enum CSVParse {
  static func records(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var iterator = Array(text.unicodeScalars).makeIterator()
    var pending: Unicode.Scalar? = nil
    func next() -> Unicode.Scalar? {
      if let p = pending {
        pending = nil
        return p
      }
      return iterator.next()
    }
    while let c = next() {
      if quoted {
        if c == "\"" {
          if let after = next() {
            if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
          } else {
            quoted = false
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "\"" && field.isEmpty {
        quoted = true
      } else if c == "," {
        record.append(field)
        field = ""
      } else if c == "\r" || c == "\n" {
        if c == "\r", let after = next(), after != "\n" { pending = after }
        record.append(field)
        records.append(record)
        record = []
        field = ""
      } else {
        field.unicodeScalars.append(c)
      }
    }
    if !field.isEmpty || !record.isEmpty { records.append(record + [field]) }
    return records
  }
}

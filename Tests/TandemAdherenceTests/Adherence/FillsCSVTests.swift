import Testing

@testable import TandemAdherence
@testable import TandemBase

@Suite("Fills CSV")
struct FillsCSVTests {
  func failure(_ text: String, format: String = "%m/%d/%Y") -> FillsCSVError? {
    do {
      _ = try FillsCSV.parse(text, dateFormat: format)
      return nil
    } catch {
      return error
    }
  }

  @Test func parsesTheResearchLayout() throws {
    let text = "PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n1,04/26/2033,4,medA,50\n1,07/04/2033,2.5,medB,30\n"
    let events = try FillsCSV.parse(text, dateFormat: "%m/%d/%Y")
    #expect(events.count == 2)
    #expect(
      events[0]
        == SupplyEvent(
          patientID: "1", date: LocalDate(year: 2033, month: 4, day: 26) ?? events[0].date,
          perDay: 4, category: "medA", duration: 50))
    #expect(events[1].perDay == 2.5)
    #expect(events[1].category == "medB")
  }

  @Test func columnsInAnyOrderWithQuotesCRLFAndExtraColumns() throws {
    let text =
      "\u{FEFF}duration;x,Category,date,\"Patient_ID\",PerDay,note\r\n"
      .replacingOccurrences(of: ";x", with: "")
      + "30,\"med, A\",2033-02-28,\"p \"\"7\"\"\",1,ignored\r\n\r\n"
      + "60,medB,2032-02-29,p8,2,\r\n"
    let events = try FillsCSV.parse(text, dateFormat: "%Y-%m-%d")
    #expect(events.map(\.patientID) == ["p \"7\"", "p8"])
    #expect(events.map(\.category) == ["med, A", "medB"])
    #expect(events.map(\.duration) == [30, 60])
    #expect(events[1].date == LocalDate(year: 2032, month: 2, day: 29))
  }

  @Test func headerlessFilesUseTheUsualOrder() throws {
    let events = try FillsCSV.parse("9,31.12.2030,1,medA,28\n", dateFormat: "%d.%m.%Y")
    #expect(events.first?.date == LocalDate(year: 2030, month: 12, day: 31))
    let short = try FillsCSV.parse("9,1/2/33,1,medA,28", dateFormat: "%m/%d/%y")
    #expect(short.first?.date == LocalDate(year: 2033, month: 1, day: 2))
  }

  @Test func impossibleDateReportsItsLine() {
    let error = failure("PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n1,01/02/2033,1,a,30\n1,02/30/2033,1,a,30\n")
    #expect(error == FillsCSVError(line: 3, message: "impossible date '02/30/2033'"))
    #expect(error?.description == "line 3: impossible date '02/30/2033'")
  }

  @Test func dateNotMatchingTheFormat() {
    let error = failure("PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n1,2033-01-02,1,a,30\n")
    #expect(error == FillsCSVError(line: 2, message: "date '2033-01-02' does not match format '%m/%d/%Y'"))
  }

  @Test func negativeOrNonNumericDuration() {
    let header = "PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n"
    #expect(failure(header + "1,01/02/2033,1,a,-5\n")?.line == 2)
    #expect(
      failure(header + "1,01/02/2033,1,a,-5\n")?.message == "duration must be a whole number of days ≥ 0, found '-5'")
    #expect(failure(header + "1,01/02/2033,1,a,30\n\n1,01/03/2033,1,a,thirty\n")?.line == 4)
    #expect(failure(header + "1,01/02/2033,lots,a,30\n")?.message == "daily dose must be a number ≥ 0, found 'lots'")
  }

  @Test func missingColumnAndWrongFieldCount() {
    #expect(failure("PATIENT_ID,DATE,PERDAY,CATEGORY\n1,01/02/2033,1,a\n") == .missingColumn("DURATION"))
    #expect(
      failure("PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n1,01/02/2033,1,a\n")
        == FillsCSVError(line: 2, message: "expected 5 fields, found 4"))
    #expect(
      failure("PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n1,\"01/02/2033,1,a,30\n")?.message
        == "unterminated quoted field")
    #expect(failure("PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n,01/02/2033,1,a,30\n")?.message == "empty patient id")
  }

  @Test func unsupportedDateFormat() {
    #expect(failure("1,01/02/2033,1,a,30", format: "%B %d")?.message.hasPrefix("unsupported date format") == true)
  }
}

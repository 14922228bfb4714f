import Testing

@testable import TandemStore

@Suite("SQLiteStore.defaultPath: where the store lives")
struct DefaultPathTests {
  @Test("TANDEM_STORE wins over everything")
  func explicitStore() {
    let environment = ["TANDEM_STORE": "/srv/t.sqlite", "XDG_DATA_HOME": "/xdg", "HOME": "/home/ann"]
    #expect(SQLiteStore.defaultPath(environment: environment) == "/srv/t.sqlite")
    #expect(SQLiteStore.defaultPath(environment: ["TANDEM_STORE": "rel/t.sqlite"]) == "rel/t.sqlite")
  }

  @Test("an absolute XDG_DATA_HOME comes next")
  func xdgDataHome() {
    #expect(
      SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "/xdg", "HOME": "/home/ann"])
        == "/xdg/tandem/tandem.sqlite")
    #expect(SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "/xdg/"]) == "/xdg/tandem/tandem.sqlite")
  }

  @Test("a relative or empty XDG_DATA_HOME, or an empty TANDEM_STORE, is ignored")
  func ignoredValues() {
    let environment = ["TANDEM_STORE": "", "XDG_DATA_HOME": "data", "HOME": "/home/ann"]
    #expect(SQLiteStore.defaultPath(environment: environment) == "/home/ann/.local/share/tandem/tandem.sqlite")
    #expect(
      SQLiteStore.defaultPath(environment: ["XDG_DATA_HOME": "", "HOME": "/home/ann/"])
        == "/home/ann/.local/share/tandem/tandem.sqlite")
  }

  @Test("without HOME the system's home directory is used")
  func noHome() {
    let path = SQLiteStore.defaultPath(environment: [:])
    #expect(path.hasPrefix("/"))
    #expect(path.hasSuffix("/.local/share/tandem/tandem.sqlite"))
  }
}

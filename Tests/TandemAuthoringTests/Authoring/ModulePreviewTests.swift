import TandemBase
import Testing

@testable import TandemAuthoring

@Suite("ModulePreview: counting wrapped lines agrees with wrapping them")
struct WrappedLineCountTests {
  @Test("random pages of words, long lines, indentation, blank lines and tabs, at several widths")
  func agreesWithWrap() {
    var seed: UInt64 = 42
    func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(bound))
    }
    let words = ["a", "calm", "breath", "notice", "the", "urge", "extraordinarily-long-compound-word", "\t", "é", "x"]
    for _ in 0..<2_000 {
      var text = ""
      for line in 0..<(1 + next(5)) {
        if line > 0 { text += "\n" }
        text += String(repeating: " ", count: next(3) == 0 ? next(6) : 0)
        for word in 0..<next(30) {
          text += (word > 0 ? String(repeating: " ", count: 1 + next(2)) : "") + words[next(words.count)]
        }
      }
      if next(3) == 0 { text += "\n" }
      for width in [8, 20, 72] {
        #expect(
          TextLayout.lineCount(text, width: width)
            == TextLayout.lines(text, width: width).count,
          "\(text.debugDescription) at \(width)")
      }
    }
  }
}

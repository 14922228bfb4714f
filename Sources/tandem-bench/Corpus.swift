import Foundation

/// Writes modules in the shipped style: every step kind, `when:`, option `next:`, includes,
/// interpolation, before/after ratings, 10–40 steps each.
enum Corpus {
  static let sentences = [
    "Migraine has a way of taking centre stage, and plans get built around it.",
    "Today is about noticing what your body is doing without having to fix it straight away.",
    "When we are stressed or in pain, breathing tends to get quick and shallow.",
    "Relaxation skills have good evidence for helping prevent migraine when practised regularly.",
    "Practise mostly when you feel OK, so the skill is ready when you need it.",
    "If your mind wanders, that is normal; just come back to the next breath.",
    "Thoughts are not facts, and you do not have to argue with every one of them.",
    "A value is a direction, like heading west with a compass, not a finish line.",
    "Small steps done often matter more than big steps done once.",
    "It is fine to stop at any point and come back to this another day.",
    "Notice where in your body you feel tension, and let it be there for a moment.",
    "Pain is real, and so is the struggle with it; the two are not the same thing.",
    "Keep each breath comfortable and quiet, not big.",
    "Write it in your own words; there are no right or wrong answers here.",
    "If something here does not fit you, skip it and take what is useful.",
    "The aim is not to close the gap overnight, but to turn and face the right way.",
    "Regular sleep, meals and movement give the brain a steadier day.",
    "A diary helps you and your doctor see patterns that are hard to spot otherwise.",
    "Let your shoulders drop and your jaw soften as you breathe out.",
    "Acting on a value even in a tiny way can make a hard day feel more worthwhile.",
    "Some days the best step is rest, and choosing rest on purpose is a skill too.",
    "Rescue medicine works best when taken early, as your prescriber advised.",
    "Notice the urge to push the feeling away, and see if you can make room for it.",
    "Tension often builds up without us noticing until it hurts.",
  ]
  static let words = [
    "calm", "steady", "gentle", "slow", "clear", "warm", "bright", "quiet", "open", "kind", "brave", "curious",
  ]
  static let nouns = [
    "breath", "shoulders", "evening", "walk", "friend", "plan", "morning", "kettle", "garden", "music", "rest", "pause",
  ]
  static let optionWords = [
    "morning", "midday", "after-work", "bedtime", "three-min", "five-min", "ten-min", "family", "friendship",
    "health", "learning", "calm", "nature", "courage", "fun", "rest", "walk", "music", "reading", "cooking",
  ]
  static let textSnippets = ["crisis-resources", "light-headed", "about-this-program", "moh-thresholds"]

  enum Answerable {
    case scale(id: String, min: Int, max: Int)
    case single(id: String, options: [String])
    case multiple(id: String, options: [String])
    case prompt(id: String)
    var id: String {
      switch self {
      case .scale(let id, _, _), .single(let id, _), .multiple(let id, _), .prompt(let id): id
      }
    }
  }

  static func paragraph(_ rng: inout SplitMix64, indent: String, interpolate: [Answerable]) -> String {
    var text: [String] = []
    for _ in 0..<Int.random(in: 2...5, using: &rng) { text.append(sentences.pick(&rng)) }
    if !interpolate.isEmpty, Int.random(in: 0..<3, using: &rng) == 0 {
      text.append("Earlier you said {{\(interpolate.pick(&rng).id)}}, and that is worth keeping in mind.")
    }
    // Wrap at about 66 columns, as the shipped modules do.
    var lines: [String] = []
    var line = ""
    for word in text.joined(separator: " ").split(separator: " ") {
      if line.count + word.count + 1 > 66, !line.isEmpty {
        lines.append(line)
        line = ""
      }
      line += line.isEmpty ? String(word) : " " + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines.map { indent + $0 }.joined(separator: "\n")
  }

  static func block(_ rng: inout SplitMix64, indent: String, interpolate: [Answerable]) -> String {
    (0..<Int.random(in: 1...3, using: &rng))
      .map { _ in paragraph(&rng, indent: indent, interpolate: interpolate) }
      .joined(separator: "\n\n")
  }

  static func condition(_ rng: inout SplitMix64, _ answerable: [Answerable]) -> String {
    func atom() -> String {
      switch answerable.pick(&rng) {
      case .scale(let id, let min, let max):
        let op = [">=", "<=", ">", "<", "==", "!="].pick(&rng)
        return "\(id) \(op) \(Int.random(in: min...max, using: &rng))"
      case .single(let id, let options):
        return "\(id) \(["==", "!="].pick(&rng)) \(options.pick(&rng))"
      case .multiple(let id, let options):
        return "\(id) includes \(options.pick(&rng))"
      case .prompt(let id):
        return [
          "answered(\(id))", "\(id) includes 'work'", "\(id) == 'nothing'",
        ].pick(&rng)
      }
    }
    switch Int.random(in: 0..<6, using: &rng) {
    case 0: return "\(atom()) and \(atom())"
    case 1: return "\(atom()) or \(atom())"
    case 2: return "not (\(atom()))"
    case 3: return "(\(atom()) or \(atom())) and not (\(atom()))"
    default: return atom()
    }
  }

  static func module(_ index: Int) -> String {
    var rng = SplitMix64(seed: UInt64(index) &* 7919 &+ 17)
    let id = String(format: "bench-module-%05d", index)
    let approach = ["act", "cbt", "education", "relaxation", "mindfulness", "check-in"].pick(&rng)
    var out = "id: \(id)\nversion: \(Int.random(in: 1...4, using: &rng))\n"
    out += "title: Practice \(index), \(words.pick(&rng)) \(nouns.pick(&rng))\n"
    out += "approach: \(approach)\n"
    if approach == "act" {
      out +=
        "process: \(["acceptance", "defusion", "values", "committed-action", "present-moment", "self-as-context"].pick(&rng))\n"
    }
    out += Bool.random(using: &rng) ? "audience: [adult, teen]\n" : "audience: adult\n"
    out += "minutes: \(Int.random(in: 5...40, using: &rng))\n"
    out += "summary: >\n" + paragraph(&rng, indent: "  ", interpolate: []) + "\n"
    out += "steps:\n"

    let count = Int.random(in: 10...40, using: &rng)
    var answerable: [Answerable] = []
    var scales: [Int] = []
    var kinds: [String] = []
    // Pick kinds first so the before/after rating pair can be placed on the first and last scale.
    kinds.append("text")
    if Bool.random(using: &rng) { kinds.append("safety") }
    while kinds.count < count {
      let roll = Int.random(in: 0..<100, using: &rng)
      let kind =
        switch roll {
        case 0..<28: "text"
        case 28..<40: "prompt"
        case 40..<60: "scale"
        case 60..<85: "choice"
        case 85..<95: "timer"
        default: "safety"
        }
      kinds.append(kind)
    }
    kinds[2] = "scale"
    kinds[count - 2] = "scale"
    for (position, kind) in kinds.enumerated() where kind == "scale" { scales.append(position) }
    let ratingName = ["tension", "pain", "stress", "calm"].pick(&rng)

    func stepID(_ position: Int) -> String { "\(kinds[position])-\(position + 1)" }

    for position in 0..<count {
      let kind = kinds[position]
      let sid = stepID(position)
      out += (position == 0 ? "" : "\n") + "  - id: \(sid)\n    kind: \(kind)\n"
      if Int.random(in: 0..<4, using: &rng) != 0 {
        let title = "\(words.pick(&rng).capitalized) \(nouns.pick(&rng))"
        out +=
          Int.random(in: 0..<8, using: &rng) == 0 && !answerable.isEmpty
          ? "    title: \"\(title) ({{\(answerable.pick(&rng).id)}})\"\n" : "    title: \(title)\n"
      }
      if position > 2, kind != "safety", !answerable.isEmpty, Int.random(in: 0..<4, using: &rng) == 0 {
        out += "    when: \"\(condition(&rng, answerable))\"\n"
      }
      if kind != "safety", position > 0, Int.random(in: 0..<10, using: &rng) == 0 {
        out += "    optional: true\n"
      }
      if kind == "text", position + 1 < count, Int.random(in: 0..<12, using: &rng) == 0 {
        out += "    next: \(stepID(position + 1))\n"
      }
      switch kind {
      case "text":
        if position > 0, Int.random(in: 0..<6, using: &rng) == 0 {
          out += "    include: \(textSnippets.pick(&rng))\n"
        } else {
          out += "    body: |\n" + block(&rng, indent: "      ", interpolate: answerable) + "\n"
        }
      case "prompt":
        out += "    question: >\n" + paragraph(&rng, indent: "      ", interpolate: answerable) + "\n"
        if Bool.random(using: &rng) { out += "    min-length: \(Int.random(in: 1...5, using: &rng))\n" }
        if Bool.random(using: &rng) { out += "    max-length: \([200, 300, 500].pick(&rng))\n" }
        answerable.append(.prompt(id: sid))
      case "scale":
        let (min, max) = Int.random(in: 0..<4, using: &rng) == 0 ? (1, 5) : (0, 10)
        out += "    question: How \(words.pick(&rng)) does your \(nouns.pick(&rng)) feel right now?\n"
        if min != 0 { out += "    min: \(min)\n" }
        if max != 10 { out += "    max: \(max)\n" }
        if position == scales.first {
          out += "    rating: \(ratingName)\n    phase: before\n"
        } else if position == scales.last {
          out += "    rating: \(ratingName)\n    phase: after\n"
        }
        out +=
          "    anchors:\n      \(min): not at all\n      \((min + max) / 2): somewhat\n      \(max): as much as I can imagine\n"
        answerable.append(.scale(id: sid, min: min, max: max))
      case "choice":
        let multiple = Int.random(in: 0..<3, using: &rng) == 0
        if multiple { out += "    multiple: true\n" }
        out += "    question: >\n" + paragraph(&rng, indent: "      ", interpolate: answerable) + "\n"
        out += "    options:\n"
        var ids: [String] = []
        for word in optionWords.shuffled(using: &rng).prefix(Int.random(in: 2...6, using: &rng)) { ids.append(word) }
        let jumper =
          !multiple && Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 1..<ids.count, using: &rng) : -1
        for (optionIndex, option) in ids.enumerated() {
          out += "      - id: \(option)\n"
          if Int.random(in: 0..<6, using: &rng) == 0, !answerable.isEmpty {
            out += "        label: \"\(option.capitalized), like {{\(answerable.pick(&rng).id)}}\"\n"
          } else {
            out += "        label: \(option.replacingOccurrences(of: "-", with: " ").capitalized) \(nouns.pick(&rng))\n"
          }
          if optionIndex == jumper {
            out += "        next: \(position + 2 < count ? stepID(position + 2) : "end")\n"
          }
        }
        answerable.append(multiple ? .multiple(id: sid, options: ids) : .single(id: sid, options: ids))
      case "timer":
        out += "    seconds: \([60, 120, 180, 300, 600].pick(&rng))\n"
        if Int.random(in: 0..<3, using: &rng) != 0 {
          out += "    phases:\n      - label: Breathe in through your nose...\n        seconds: 4\n"
          out += "      - label: And slowly out...\n        seconds: 6\n"
        }
        if Int.random(in: 0..<5, using: &rng) == 0 {
          out += "    include: light-headed\n"
        } else {
          out += "    body: |\n" + block(&rng, indent: "      ", interpolate: answerable) + "\n"
        }
      default:  // safety
        if Bool.random(using: &rng) {
          out += "    include: red-flags\n"
        } else {
          out += "    question: Does any of these apply to you right now?\n    items:\n"
          out += "      - A sudden, explosive headache that hit its worst within about a minute\n"
          out += "      - New weakness or numbness in your face, an arm or a leg\n"
          out += "      - New confusion, or a seizure (fit)\n"
          out += "    guidance: |\n      Please stop here and get urgent medical help now.\n\n"
          out += paragraph(&rng, indent: "      ", interpolate: []) + "\n"
        }
      }
    }
    return out
  }

  /// Writes `count` modules to `modules/` and copies the shipped snippets to `content/snippets/`.
  static func write(count: Int, into root: String, snippetsFrom shipped: String) throws -> (files: Int, bytes: Int) {
    let fm = FileManager.default
    let moduleDir = root + "/modules"
    let snippetDir = root + "/content/snippets"
    try fm.createDirectory(atPath: moduleDir, withIntermediateDirectories: true)
    try fm.createDirectory(atPath: snippetDir, withIntermediateDirectories: true)
    var bytes = 0
    for index in 0..<count {
      let data = Data(module(index).utf8)
      bytes += data.count
      try data.write(to: URL(fileURLWithPath: String(format: "%@/bench-module-%05d.yaml", moduleDir, index)))
    }
    var files = count
    for name in try fm.contentsOfDirectory(atPath: shipped).sorted() where name.hasSuffix(".yaml") {
      let data = try Data(contentsOf: URL(fileURLWithPath: shipped + "/" + name))
      bytes += data.count
      files += 1
      try data.write(to: URL(fileURLWithPath: snippetDir + "/" + name))
    }
    return (files, bytes)
  }
}

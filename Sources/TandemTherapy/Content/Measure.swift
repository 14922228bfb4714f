import TandemBase

/// A scored questionnaire such as PHQ-9 or GAD-7, as `Content/measures/<id>.yaml` defines it.
///
/// A module asks it with a `questionnaire` step; the loader turns that step into one ordinary
/// step per item (a choice, or a count for items answered in days), so flow, paths, previews and
/// tests treat the items like any other step. The measure travels with the pinned module, so a
/// session scores on the definition it started with.
public struct Measure: Hashable, Sendable, Codable {
  /// The id a `questionnaire` step names (`phq-9`); the file name without `.yaml`.
  public var id: String
  /// The author's version number; raised when items, options or scoring change.
  public var version: Int
  /// The short name shown to patients and clinicians (`PHQ-9`).
  public var title: String
  /// Shown once, before the first item ("Over the last 2 weeks, how often…").
  public var instructions: String
  /// Shown above every item, so each item reads on its own ("How often have you been bothered by:").
  public var stem: String?
  /// The response options shared by every item answered by choice.
  public var options: [Option]
  /// The items in the order they are asked.
  public var items: [Item]
  /// Named groups of items with their own totals (PHQ-4's anxiety and depression pairs).
  public var subscales: [Subscale]
  /// What the total means, covering every possible total exactly once.
  public var bands: [Band]
  /// How many items may be left unanswered before the total is not given.
  public var missing: MissingRule
  /// An item whose score above a threshold shows the crisis page at once (PHQ-9 item 9).
  public var crisis: CrisisRule?
  /// The measure's licence, as found, for the authoring docs and the report's notes.
  public var licence: String?

  /// Creates a measure.
  public init(
    id: String, version: Int, title: String, instructions: String, stem: String? = nil, options: [Option],
    items: [Item], subscales: [Subscale] = [], bands: [Band], missing: MissingRule = .none,
    crisis: CrisisRule? = nil, licence: String? = nil
  ) {
    self.id = id
    self.version = version
    self.title = title
    self.instructions = instructions
    self.stem = stem
    self.options = options
    self.items = items
    self.subscales = subscales
    self.bands = bands
    self.missing = missing
    self.crisis = crisis
    self.licence = licence
  }

  /// One response option and the score it gives.
  public struct Option: Hashable, Sendable, Codable {
    /// The id used in conditions and scripted answers (`not-at-all`).
    public var id: String
    /// What the patient reads.
    public var label: String
    /// What the option scores.
    public var score: Int
    /// Creates an option.
    public init(id: String, label: String, score: Int) {
      self.id = id
      self.label = label
      self.score = score
    }
  }

  /// One question of the measure.
  public struct Item: Hashable, Sendable, Codable {
    /// Unique within the measure; the item's step is `<questionnaire step id>-<item id>`.
    public var id: String
    /// What is asked.
    public var text: String
    /// How the item is answered.
    public var response: Response
    /// Scored the other way round: an option scores `lowest + highest − score`.
    public var reverse: Bool
    /// Creates an item.
    public init(id: String, text: String, response: Response = .options, reverse: Bool = false) {
      self.id = id
      self.text = text
      self.response = response
      self.reverse = reverse
    }
  }

  /// How an item is answered: by one of the shared options, or by a whole number (PedMIDAS'
  /// days), which is then its score.
  public enum Response: Hashable, Sendable, Codable {
    case options
    case count(min: Int, max: Int, unit: String)
  }

  /// Items scored together under a name.
  public struct Subscale: Hashable, Sendable, Codable {
    /// The subscale's id (`anxiety`).
    public var id: String
    /// Its name for people (`Anxiety (GAD-2)`).
    public var title: String
    /// The ids of its items.
    public var items: [String]
    /// A subscale total at or above this is a positive screen.
    public var positiveAt: Int?
    /// Creates a subscale.
    public init(id: String, title: String, items: [String], positiveAt: Int? = nil) {
      self.id = id
      self.title = title
      self.items = items
      self.positiveAt = positiveAt
    }
  }

  /// A range of totals and what it is called.
  public struct Band: Hashable, Sendable, Codable {
    /// The lowest total in the band.
    public var min: Int
    /// The highest total in the band.
    public var max: Int
    /// Its name (`mild`).
    public var label: String
    /// Creates a band.
    public init(min: Int, max: Int, label: String) {
      self.min = min
      self.max = max
      self.label = label
    }
  }

  /// What happens when items are left unanswered (skipped).
  public enum MissingRule: Hashable, Sendable, Codable {
    /// Any missing item leaves the total (and the band) out.
    case none
    /// Up to `upTo` missing items: the total is the mean of the answered items times the number
    /// of items, rounded half up; more leaves it out.
    case prorate(upTo: Int)
  }

  /// An item that shows the crisis page when it scores above `above`.
  public struct CrisisRule: Hashable, Sendable, Codable {
    /// The item's id.
    public var item: String
    /// The crisis page follows any score above this.
    public var above: Int
    /// What the crisis page says first, before the crisis resources.
    public var message: String
    /// Creates a crisis rule.
    public init(item: String, above: Int, message: String) {
      self.item = item
      self.above = above
      self.message = message
    }
  }

  /// The lowest and highest score an item can give.
  public func scoreRange(of item: Item) -> ClosedRange<Int> {
    switch item.response {
    case .options:
      let scores = options.map(\.score)
      return (scores.min() ?? 0)...(scores.max() ?? 0)
    case .count(let min, let max, _):
      return min...max
    }
  }

  /// The lowest and highest possible total.
  public var totalRange: ClosedRange<Int> {
    let ranges = items.map(scoreRange(of:))
    return ranges.reduce(0) { $0 + $1.lowerBound }...ranges.reduce(0) { $0 + $1.upperBound }
  }

  /// The band a total falls in.
  public func band(for total: Int) -> Band? { bands.first { $0.min <= total && total <= $0.max } }
}

/// Ties an item's step to its questionnaire: which step asked the measure and which item this is.
public struct MeasureItemTag: Hashable, Sendable, Codable {
  /// The id of the `questionnaire` step the item came from.
  public var questionnaire: String
  /// The item's id within the measure.
  public var item: String
  /// Whether this is the measure's last item: answering or skipping it scores the questionnaire.
  public var last: Bool
  /// Creates a tag.
  public init(questionnaire: String, item: String, last: Bool) {
    self.questionnaire = questionnaire
    self.item = item
    self.last = last
  }
}

/// A questionnaire's result: item scores, the total (when the missing-item rule allows one), its
/// band, subscale totals and whether the crisis item fired.
public struct MeasureScore: Hashable, Sendable, Codable {
  /// The measure's id and version.
  public var measure: String
  public var measureVersion: Int
  /// Each answered item's score (after reversing), by item id.
  public var items: [String: Int]
  /// The items left unanswered, in the measure's order.
  public var missing: [String]
  /// The total, or `nil` when too many items are missing.
  public var total: Int?
  /// Whether the total was prorated over missing items.
  public var prorated: Bool
  /// The band the total falls in.
  public var band: String?
  /// Each subscale's total (`nil` when one of its items is missing) and whether it screens positive.
  public var subscales: [SubscaleScore]
  /// Whether the crisis item scored above its threshold.
  public var crisis: Bool

  /// One subscale's result.
  public struct SubscaleScore: Hashable, Sendable, Codable {
    public var id: String
    public var total: Int?
    public var positive: Bool?
    public init(id: String, total: Int?, positive: Bool?) {
      self.id = id
      self.total = total
      self.positive = positive
    }
  }

  enum CodingKeys: String, CodingKey {
    case measure, items, missing, total, prorated, band, subscales, crisis
    case measureVersion = "measure_version"
  }

  /// Creates a score.
  public init(
    measure: String, measureVersion: Int, items: [String: Int], missing: [String], total: Int?, prorated: Bool,
    band: String?, subscales: [SubscaleScore], crisis: Bool
  ) {
    self.measure = measure
    self.measureVersion = measureVersion
    self.items = items
    self.missing = missing
    self.total = total
    self.prorated = prorated
    self.band = band
    self.subscales = subscales
    self.crisis = crisis
  }
}

extension MeasureScore {
  /// What makes a recorded score impossible (a file from anywhere is imported): ids that are not
  /// ids, numbers beyond any measure, text with control characters. `nil` when it is plausible.
  public var problem: String? {
    func isID(_ text: String) -> Bool { Identifier.isValid(text) }
    let limit = -100_000...100_000
    guard isID(measure) else { return "'measure' is not a measure id" }
    guard (1...1_000_000).contains(measureVersion) else { return "'measure_version' must be from 1 to 1000000" }
    guard items.count <= 100, missing.count <= 100, subscales.count <= 100 else { return "too many items" }
    guard items.keys.allSatisfy(isID), missing.allSatisfy(isID), subscales.allSatisfy({ isID($0.id) }) else {
      return "an item or subscale id is not an id"
    }
    guard items.values.allSatisfy(limit.contains), total.map(limit.contains) ?? true,
      subscales.allSatisfy({ $0.total.map(limit.contains) ?? true })
    else { return "a score is out of range" }
    if let band {
      guard (1...100).contains(band.count),
        !band.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
      else { return "'band' must be 1 to 100 characters of text" }
    }
    return nil
  }
}

extension Measure {
  /// Scores a questionnaire from the item answers a session holds (`answers[item id]`): an option
  /// id for an item answered by choice, a number for a count. An item with no answer, or an
  /// answer that is not one of its options, counts as missing.
  public func score(_ answers: [String: Answer]) -> MeasureScore {
    var scores: [String: Int] = [:]
    var missing: [String] = []
    for item in items {
      let range = scoreRange(of: item)
      var value: Int?
      switch (item.response, answers[item.id]) {
      case (.options, .options(let chosen)?) where chosen.count == 1:
        value = options.first { $0.id == chosen[0] }?.score
      case (.count, .number(let number)?) where range.contains(number):
        value = number
      default:
        value = nil
      }
      guard var score = value else {
        missing.append(item.id)
        continue
      }
      if item.reverse { score = range.lowerBound + range.upperBound - score }
      scores[item.id] = score
    }
    let answeredTotal = scores.values.reduce(0, +)
    var total: Int?
    var prorated = false
    switch missing.count {
    case 0:
      total = answeredTotal
    case let count:
      if case .prorate(let upTo) = self.missing, count <= upTo, !scores.isEmpty, !missing.contains(crisis?.item ?? "") {
        // The mean of the answered items times the number of items, rounded half up, in whole
        // numbers only: (2 × sum × n + answered) / (2 × answered).
        let answered = scores.count
        total = (2 * answeredTotal * items.count + answered) / (2 * answered)
        prorated = true
      }
    }
    let subscaleScores = subscales.map { subscale -> MeasureScore.SubscaleScore in
      let values = subscale.items.compactMap { scores[$0] }
      guard values.count == subscale.items.count else {
        return .init(id: subscale.id, total: nil, positive: nil)
      }
      let sum = values.reduce(0, +)
      return .init(id: subscale.id, total: sum, positive: subscale.positiveAt.map { sum >= $0 })
    }
    let crisisFired = crisis.map { rule in (scores[rule.item] ?? Int.min) > rule.above } ?? false
    return MeasureScore(
      measure: id, measureVersion: version, items: scores, missing: missing, total: total, prorated: prorated,
      band: total.flatMap { band(for: $0)?.label }, subscales: subscaleScores, crisis: crisisFired)
  }
}

import Foundation

/// The order Tandem suggests modules in, and which one to do next.
///
/// The order follows the clinical brief's outline: first what migraine is and how the plan works
/// (education), then the body-based skills patients find most useful early on (relaxation, shorter
/// first), then the ACT processes from letting go of the struggle to acting on values. A module
/// added later slots in by the same rule, so the order needs no list kept by hand.
public enum ModulePath {
  /// Where a module stands for the patient.
  public struct Entry: Hashable, Sendable, Codable {
    /// The module's id.
    public var moduleID: String
    /// Its title.
    public var title: String
    /// About how many minutes it takes.
    public var minutes: Int
    /// Its place in the suggested order, from 1.
    public var position: Int
    /// How many times the patient completed it.
    public var timesCompleted: Int
    /// When it was last completed.
    public var lastCompleted: Date?
    /// Whether it is a questionnaire check (it asks a measure): such a module is due when a
    /// program schedules it or a clinician assigns it, never suggested in order.
    public var isQuestionnaire = false

    enum CodingKeys: String, CodingKey {
      case moduleID = "module_id"
      case title, minutes, position
      case timesCompleted = "times_completed"
      case lastCompleted = "last_completed"
    }
  }

  /// The module to do next, and why.
  public struct Suggestion: Hashable, Sendable, Codable {
    /// Why this one.
    public enum Reason: String, Hashable, Sendable, Codable {
      /// The first module in the suggested order not completed yet.
      case nextInOrder = "next-in-order"
      /// Every module is completed: the one practised least recently, to keep skills fresh.
      case practiseAgain = "practise-again"
      /// The patient's therapist assigned it through the clinic, and it is not done since.
      case assigned
      /// The session of the patient's program that is open this week.
      case program
    }

    /// The module's id.
    public var moduleID: String
    /// Its title.
    public var title: String
    /// About how many minutes it takes.
    public var minutes: Int
    /// Why it is suggested.
    public var reason: Reason
    /// Who assigned it, for `assigned`.
    public var assignedBy: String? = nil

    /// Creates a suggestion.
    public init(moduleID: String, title: String, minutes: Int, reason: Reason, assignedBy: String? = nil) {
      self.moduleID = moduleID
      self.title = title
      self.minutes = minutes
      self.reason = reason
      self.assignedBy = assignedBy
    }

    enum CodingKeys: String, CodingKey {
      case moduleID = "module_id"
      case title, minutes, reason
      case assignedBy = "assigned_by"
    }
  }

  /// A module the patient's therapist assigned, and when it arrived in the journal.
  public struct Assignment: Hashable, Sendable {
    public var moduleID: String
    public var at: Date
    public var by: String

    public init(moduleID: String, at: Date, by: String) {
      self.moduleID = moduleID
      self.at = at
      self.by = by
    }
  }

  /// The modules in suggested order: education, relaxation (shorter first), then by ACT process
  /// in the order the processes build on each other; ties by length, then id.
  public static func ordered(_ modules: [Module]) -> [Module] {
    modules.sorted { rank($0) < rank($1) }
  }

  /// The modules in suggested order with what the patient has completed.
  public static func entries(_ modules: [Module], sessions: [StoredSession]) -> [Entry] {
    var completed: [String: (count: Int, last: Date)] = [:]
    for session in sessions where session.state.status == .completed {
      let id = session.module.id
      let previous = completed[id]
      completed[id] = ((previous?.count ?? 0) + 1, max(previous?.last ?? .distantPast, session.lastActivity))
    }
    return ordered(modules).enumerated().map { index, module in
      Entry(
        moduleID: module.id, title: module.title, minutes: module.minutes, position: index + 1,
        timesCompleted: completed[module.id]?.count ?? 0, lastCompleted: completed[module.id]?.last,
        isQuestionnaire: !(module.measures?.isEmpty ?? true))
    }
  }

  /// The module to do next: the first in order not yet completed, else the one completed least
  /// recently. `nil` when there are no modules, or when `excluding` (the module of a paused
  /// session, which the patient is offered to resume instead) is the only one.
  ///
  /// A module the therapist assigned comes first, the latest assignment first, until the patient
  /// completes it after it was assigned.
  public static func next(_ entries: [Entry], excluding: String? = nil, assignments: [Assignment] = []) -> Suggestion? {
    let candidates = entries.filter { $0.moduleID != excluding }
    for assignment in assignments.sorted(by: { $0.at > $1.at }) {
      guard let entry = candidates.first(where: { $0.moduleID == assignment.moduleID }),
        (entry.lastCompleted ?? .distantPast) < assignment.at
      else { continue }
      return Suggestion(
        moduleID: entry.moduleID, title: entry.title, minutes: entry.minutes, reason: .assigned,
        assignedBy: assignment.by)
    }
    let ordinary = candidates.filter { !$0.isQuestionnaire }
    if let first = ordinary.first(where: { $0.timesCompleted == 0 }) {
      return Suggestion(moduleID: first.moduleID, title: first.title, minutes: first.minutes, reason: .nextInOrder)
    }
    let stalest = ordinary.min { ($0.lastCompleted ?? .distantPast) < ($1.lastCompleted ?? .distantPast) }
    return stalest.map {
      Suggestion(moduleID: $0.moduleID, title: $0.title, minutes: $0.minutes, reason: .practiseAgain)
    }
  }

  /// A module's sort key.
  static func rank(_ module: Module) -> Rank {
    let approachTier: Int =
      switch module.approach {
      case .checkIn: 0
      case .education: 1
      case .relaxation: 2
      case .act, .cbt, .mindfulness: 3
      }
    let process = module.process.map { processOrder.firstIndex(of: $0) ?? processOrder.count } ?? processOrder.count
    // Questionnaire checks come last: a program or a clinician says when they are due.
    let tier = module.measures?.isEmpty ?? true ? approachTier : 4
    // The module that starts every course comes before the rest of its tier.
    let first = startingModules.contains(module.id) ? 0 : 1
    return Rank(tier: tier, process: tier == 3 ? process : first, minutes: module.minutes, id: module.id)
  }

  /// Modules that open the path: what migraine is and the plan come before any other reading.
  static let startingModules: Set<String> = ["your-migraine-plan"]

  /// The ACT processes in the order modules introduce them: stepping out of the struggle first,
  /// then what matters, then defusion and the present moment, then acting on it.
  static let processOrder: [ACTProcess] = [
    .acceptance, .values, .defusion, .presentMoment, .selfAsContext, .committedAction,
  ]

  struct Rank: Comparable {
    var tier: Int
    var process: Int
    var minutes: Int
    var id: String

    static func < (lhs: Rank, rhs: Rank) -> Bool {
      (lhs.tier, lhs.process, lhs.minutes, lhs.id) < (rhs.tier, rhs.process, rhs.minutes, rhs.id)
    }
  }
}

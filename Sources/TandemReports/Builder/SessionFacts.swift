import Foundation
import TandemBase
import TandemTherapy

/// Sessions of the period with their replayed state, computed once (replaying is the costly part).
struct SessionFacts {
  struct Fact {
    var session: StoredSession
    var state: SessionState
    /// The day of the last event: the day a session counts on.
    var day: LocalDate
  }

  var facts: [Fact]

  static func collect(_ sessions: [StoredSession], zone: TimeZone, from: LocalDate, through: LocalDate) -> SessionFacts
  {
    SessionFacts(
      facts: sessions.compactMap { session in
        let day = LocalDate(session.lastActivity, in: zone)
        guard day >= from, day <= through else { return nil }
        return Fact(session: session, state: session.state, day: day)
      })
  }
}

import TandemBase

/// AdhereR's CMA1–CMA9 for one patient's supply events.
public enum CMA {
  /// Computes `method` over one patient's events (in any order), or nil where AdhereR gives NA
  /// (too few events in the window, a zero-length span, or an invalid window).
  public static func compute(_ method: CMAMethod, events: [SupplyEvent], window: AdherenceWindow = .init())
    -> CMAResult?
  {
    let columns = SortedColumns(events)
    var kernel = CMAKernel(window: window)
    var lagged = 0
    let value = columns.withColumns { kernel.evaluate(method, $0, lagged: &lagged) }
    guard let value, let first = columns.day.first else { return nil }
    let w = kernel.windows(firstDay: first)
    return CMAResult(
      method: method, value: value,
      followUpStart: LocalDate(dayNumber: w.followUpStart), followUpEnd: LocalDate(dayNumber: w.followUpEnd),
      observationStart: LocalDate(dayNumber: lagged), observationEnd: LocalDate(dayNumber: w.observationEnd))
  }
}

/// One patient's events as sorted columns (stable: same-day events keep their input order).
struct SortedColumns {
  var day: [Int] = []
  var duration: [Int] = []
  var dose: [Double] = []
  var medicationChangesNext: [Bool] = []

  init(_ events: [SupplyEvent]) {
    let order = events.indices.sorted {
      let a = events[$0].date.dayNumber
      let b = events[$1].date.dayNumber
      return a != b ? a < b : $0 < $1
    }
    day = order.map { events[$0].date.dayNumber }
    duration = order.map { events[$0].duration }
    dose = order.map { events[$0].perDay }
    medicationChangesNext = order.indices.map {
      $0 + 1 < order.count && events[order[$0]].category != events[order[$0 + 1]].category
    }
  }

  func withColumns<R>(_ body: (PatientColumns) -> R) -> R {
    day.withUnsafeBufferPointer { d in
      duration.withUnsafeBufferPointer { u in
        dose.withUnsafeBufferPointer { p in
          medicationChangesNext.withUnsafeBufferPointer { m in
            body(PatientColumns(day: d, duration: u, dose: p, medicationChangesNext: m))
          }
        }
      }
    }
  }
}

/// One patient's events as columns, sorted by day (ties in input order).
struct PatientColumns {
  /// Day numbers (days since 1970-01-01).
  var day: UnsafeBufferPointer<Int>
  /// Days of supply.
  var duration: UnsafeBufferPointer<Int>
  /// Daily doses.
  var dose: UnsafeBufferPointer<Double>
  /// Whether event `i` has a different category from event `i + 1`.
  var medicationChangesNext: UnsafeBufferPointer<Bool>

  var count: Int { day.count }
}

/// The windows of one patient in day numbers.
struct PatientWindows {
  var followUpStart: Int
  var followUpEnd: Int
  var observationStart: Int
  var observationEnd: Int
}

/// AdhereR's per-patient computation (`compute.event.int.gaps` and the CMA bodies) on day numbers.
/// Reuses its scratch buffers across patients, so one kernel per thread.
struct CMAKernel {
  let window: AdherenceWindow
  /// Gap days per event, valid for the events of the last `fillGaps` call.
  private(set) var gap: [Double] = []
  private var carryIn: [Double] = []

  init(window: AdherenceWindow) {
    self.window = window
  }

  /// The windows for a patient whose first event is on `firstDay`.
  func windows(firstDay: Int) -> PatientWindows {
    let fuStart = firstDay + window.followUpStart
    let owStart = fuStart + window.observationStart
    return PatientWindows(
      followUpStart: fuStart, followUpEnd: fuStart + window.followUpDuration,
      observationStart: owStart, observationEnd: owStart + window.observationDuration)
  }

  /// The CMA value, or nil where AdhereR gives NA; `lagged` receives CMA8's observation start.
  mutating func evaluate(_ method: CMAMethod, _ ev: PatientColumns, lagged: inout Int) -> Double? {
    let n = ev.count
    guard n > 0, window.isValid else { return nil }
    let w = windows(firstDay: ev.day[0])
    lagged = w.observationStart
    if gap.count < n {
      gap = [Double](repeating: 0, count: max(n, 2 * gap.count))
      carryIn = gap
    }
    // Events are sorted, so each window's events form a contiguous run.
    var fuLo = 0
    while fuLo < n && ev.day[fuLo] < w.followUpStart { fuLo += 1 }
    var fuHi = fuLo
    while fuHi < n && ev.day[fuHi] <= w.followUpEnd { fuHi += 1 }
    var owLo = fuLo
    while owLo < n && ev.day[owLo] < w.observationStart { owLo += 1 }
    var owHi = owLo
    while owHi < n && ev.day[owHi] <= w.observationEnd { owHi += 1 }

    switch method {
    case .cma1, .cma3:
      guard owHi - owLo >= 2 else { return nil }
      let span = ev.day[owHi - 1] - ev.day[owLo]
      guard span > 0 else { return nil }
      var supply = 0
      for i in owLo..<(owHi - 1) { supply += ev.duration[i] }
      let value = Double(supply) / Double(span)
      return method == .cma3 ? min(1, value) : value
    case .cma2, .cma4:
      guard owHi > owLo else { return nil }
      let span = w.observationEnd - ev.day[owLo]
      guard span > 0 else { return nil }
      var supply = 0
      for i in owLo..<owHi { supply += ev.duration[i] }
      let value = Double(supply) / Double(span)
      return method == .cma4 ? min(1, value) : value
    case .cma5:
      guard owHi - owLo >= 2 else { return nil }
      let span = ev.day[owHi - 1] - ev.day[owLo]
      guard span > 0 else { return nil }
      fillGaps(ev, owLo, owHi, end: w.observationEnd)
      var gaps = 0.0
      for i in owLo..<(owHi - 1) { gaps += gap[i] }
      return 1 - gaps / Double(span)
    case .cma6:
      guard owHi > owLo else { return nil }
      let span = w.observationEnd - ev.day[owLo]
      guard span > 0 else { return nil }
      fillGaps(ev, owLo, owHi, end: w.observationEnd)
      var gaps = 0.0
      for i in owLo..<owHi { gaps += gap[i] }
      return 1 - gaps / Double(span)
    case .cma7:
      fillGaps(ev, fuLo, owHi, end: w.observationEnd)
      return cma7(ev, fuLo: fuLo, owLo: owLo, owHi: owHi, start: w.observationStart, end: w.observationEnd)
    case .cma8:
      fillGaps(ev, fuLo, owHi, end: w.observationEnd)
      // Supply of events that start before the window and are still running inside it delays the start.
      var start = w.observationStart
      for i in fuLo..<owLo {
        let ends = Double(ev.day[i] + ev.duration[i]) + carryIn[i]
        if ends > Double(w.observationStart) {
          start = max(start, Int(ends.rounded(.up)))
        }
      }
      guard start < w.observationEnd else { return nil }
      lagged = start
      var lo = fuLo
      while lo < owHi && ev.day[lo] < start { lo += 1 }
      return cma7(ev, fuLo: fuLo, owLo: lo, owHi: owHi, start: start, end: w.observationEnd)
    case .cma9:
      guard owHi > fuLo else { return nil }
      fillGaps(ev, fuLo, fuHi, end: w.followUpEnd)
      var weighted = 0.0
      for i in fuLo..<fuHi {
        let next = i + 1 < fuHi ? ev.day[i + 1] : w.followUpEnd
        let interval = next - ev.day[i]
        guard interval > 0 else { continue }
        let overlap = min(next, w.observationEnd) - max(ev.day[i], w.observationStart)
        guard overlap > 0 else { continue }
        weighted += (1 - gap[i] / Double(interval)) * Double(overlap)
      }
      return weighted / Double(w.observationEnd - w.observationStart)
    }
  }

  /// CMA7 once gaps are known for the events from the follow-up start to the window end.
  private func cma7(_ ev: PatientColumns, fuLo: Int, owLo: Int, owHi: Int, start: Int, end: Int) -> Double? {
    let length = Double(end - start)
    guard owHi > owLo else {
      // No event inside the window: only the last earlier event can reach into it.
      guard owLo > fuLo else { return nil }
      let g = gap[owLo - 1]
      return g <= length ? 1 - g / length : 0
    }
    let lead = Double(ev.day[owLo] - start)
    let before = owLo == fuLo ? lead : min(gap[owLo - 1], lead)
    var gaps = before
    for i in owLo..<owHi { gaps += gap[i] }
    return 1 - gaps / length
  }

  /// Gap days of the events `lo..<hi`, the last interval ending on `end`. CMA5–CMA9 carry surplus
  /// supply forward (AdhereR's `carryover.within.obs.window`); a lone event never carries.
  mutating func fillGaps(_ ev: PatientColumns, _ lo: Int, _ hi: Int, end: Int, carryOver: Bool = true) {
    guard hi > lo else { return }
    if gap.count < hi {
      gap = [Double](repeating: 0, count: max(hi, 2 * gap.count))
      carryIn = gap
    }
    let single = hi - lo == 1 || !carryOver
    var carry = 0.0
    for i in lo..<hi {
      let next = i + 1 < hi ? ev.day[i + 1] : end
      let slack = Double(next - ev.day[i] - ev.duration[i])
      carryIn[i] = carry
      if single {
        gap[i] = max(0, slack)
        continue
      }
      let g = slack - carry
      if g < 0 {
        gap[i] = 0
        carry = -g
      } else {
        gap[i] = g
        carry = 0
      }
      guard i + 1 < hi else { continue }
      if window.carryOnlyForSameMedication && ev.medicationChangesNext[i] {
        carry = 0
      } else if window.considerDosageChange {
        let old = ev.dose[i]
        let new = ev.dose[i + 1]
        if old > 0 && new > 0 { carry *= old / new }
      }
    }
  }
}

import Dispatch
import Testing

@testable import TandemAdherence
@testable import TandemBase

/// The adherence code as it was before it was made linear in events, kept to check that the
/// faster code gives the same answers: a per-patient insertion sort (quadratic on fills that
/// arrive out of date order) and a flag per day of the period for coverage.
struct ReferencePatientSupplyTable {
  let patientIDs: [String]
  private let offsets: [Int]
  private let day: [Int]
  private let duration: [Int]
  private let dose: [Double]
  private let medicationChangesNext: [Bool]

  init(_ events: [SupplyEvent]) {
    let n = events.count
    var patientOf = [Int32](repeating: 0, count: n)
    var ids: [String] = []
    var lookup: [String: Int32] = [:]
    var counts: [Int] = []
    var previous: Int32 = -1
    for i in 0..<n {
      let id = events[i].patientID
      let p: Int32
      if previous >= 0 && events[i - 1].patientID == id {
        p = previous
      } else if let known = lookup[id] {
        p = known
      } else {
        p = Int32(ids.count)
        lookup[id] = p
        ids.append(id)
        counts.append(0)
      }
      patientOf[i] = p
      counts[Int(p)] += 1
      previous = p
    }
    var offsets = [Int](repeating: 0, count: ids.count + 1)
    for p in 0..<ids.count { offsets[p + 1] = offsets[p] + counts[p] }
    var next = Array(offsets.dropLast())
    var order = [Int](repeating: 0, count: n)
    for i in 0..<n {
      let p = Int(patientOf[i])
      order[next[p]] = i
      next[p] += 1
    }
    // Within a patient, a stable insertion sort by day: fills usually arrive in date order.
    var day = [Int](repeating: 0, count: n)
    for k in 0..<n { day[k] = events[order[k]].date.dayNumber }
    for p in 0..<ids.count {
      let lo = offsets[p]
      let hi = offsets[p + 1]
      guard hi - lo > 1 else { continue }
      for k in (lo + 1)..<hi {
        let d = day[k]
        let o = order[k]
        var j = k - 1
        while j >= lo && day[j] > d {
          day[j + 1] = day[j]
          order[j + 1] = order[j]
          j -= 1
        }
        day[j + 1] = d
        order[j + 1] = o
      }
    }
    var duration = [Int](repeating: 0, count: n)
    var dose = [Double](repeating: 0, count: n)
    var changes = [Bool](repeating: false, count: n)
    for k in 0..<n {
      let e = events[order[k]]
      duration[k] = e.duration
      dose[k] = e.perDay
    }
    for p in 0..<ids.count where offsets[p + 1] - offsets[p] > 1 {
      for k in offsets[p]..<(offsets[p + 1] - 1) {
        changes[k] = events[order[k]].category != events[order[k + 1]].category
      }
    }
    self.patientIDs = ids
    self.offsets = offsets
    self.day = day
    self.duration = duration
    self.dose = dose
    self.medicationChangesNext = changes
  }

  /// One value per patient, NaN where AdhereR gives NA.
  func values(method: CMAMethod, window: AdherenceWindow = .init()) -> [Double] {
    let patients = patientIDs.count
    var results = [Double](repeating: .nan, count: patients)
    let chunks = 1
    day.withUnsafeBufferPointer { day in
      duration.withUnsafeBufferPointer { duration in
        dose.withUnsafeBufferPointer { dose in
          medicationChangesNext.withUnsafeBufferPointer { changes in
            results.withUnsafeMutableBufferPointer { out in
              nonisolated(unsafe) let columns = (day, duration, dose, changes, out)
              let offsets = self.offsets
              DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let (day, duration, dose, changes, out) = columns
                var kernel = CMAKernel(window: window)
                var lagged = 0
                let from = patients * chunk / chunks
                let to = patients * (chunk + 1) / chunks
                for p in from..<to {
                  let lo = offsets[p]
                  let hi = offsets[p + 1]
                  let ev = PatientColumns(
                    day: UnsafeBufferPointer(rebasing: day[lo..<hi]),
                    duration: UnsafeBufferPointer(rebasing: duration[lo..<hi]),
                    dose: UnsafeBufferPointer(rebasing: dose[lo..<hi]),
                    medicationChangesNext: UnsafeBufferPointer(rebasing: changes[lo..<hi]))
                  out[p] = kernel.evaluate(method, ev, lagged: &lagged) ?? .nan
                }
              }
            }
          }
        }
      }
    }
    return results
  }
}

/// `SupplyCoverage` as it was: one flag per day of the period.
struct ReferenceSupplyCoverage: Equatable {
  let indexDate: LocalDate
  let periodEnd: LocalDate
  let daysInPeriod: Int
  let coveredDays: Int
  let totalDaysSupply: Int
  let longestGap: Int

  init?(events: [SupplyEvent], from start: LocalDate? = nil, through end: LocalDate) {
    let endDay = end.dayNumber
    let startDay = start?.dayNumber ?? Int.min
    let fills = events.enumerated()
      .filter { $0.element.date.dayNumber >= startDay && $0.element.date.dayNumber <= endDay }
      .sorted {
        let a = $0.element.date.dayNumber
        let b = $1.element.date.dayNumber
        return a != b ? a < b : $0.offset < $1.offset
      }
      .map(\.element)
    guard let index = fills.first?.date.dayNumber else { return nil }
    let length = endDay - index + 1
    var covered = [Bool](repeating: false, count: length)
    var supplyEnds: [String: Int] = [:]
    var total = 0
    for fill in fills {
      let duration = max(0, fill.duration)
      total += duration
      let first = max(fill.date.dayNumber, supplyEnds[fill.category] ?? Int.min)
      supplyEnds[fill.category] = first + duration
      var day = first
      while day < first + duration && day <= endDay {
        covered[day - index] = true
        day += 1
      }
    }
    var coveredCount = 0
    var run = 0
    var longest = 0
    for isCovered in covered {
      if isCovered {
        coveredCount += 1
        run = 0
      } else {
        run += 1
        longest = max(longest, run)
      }
    }
    indexDate = LocalDate(dayNumber: index)
    periodEnd = end
    daysInPeriod = length
    coveredDays = coveredCount
    totalDaysSupply = total
    longestGap = longest
  }

}

@Suite("Adherence: the linear code agrees with the reference on random patients")
struct AdherenceReferenceTests {
  /// A small deterministic generator, so a failure can be replayed.
  struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  /// Patients with 0–60 fills each, some in date order and some shuffled, with same-day fills,
  /// zero and long supplies, two or three categories and dose changes.
  static func randomEvents(seed: UInt64, patients: Int) -> [SupplyEvent] {
    var random = Generator(state: seed)
    var events: [SupplyEvent] = []
    let origin = LocalDate(dayNumber: 18_000)
    for patient in 0..<patients {
      let count = random.next(61)
      var day = random.next(100)
      var fills: [SupplyEvent] = []
      for _ in 0..<count {
        day += random.next(4) == 0 ? 0 : random.next(90)
        fills.append(
          SupplyEvent(
            patientID: "p\(patient)", date: origin.adding(days: day), perDay: Double(1 + random.next(3)),
            category: ["medA", "medB", "medC"][random.next(patient % 2 == 0 ? 2 : 3)],
            duration: [0, 7, 30, 30, 60, 90, 400][random.next(7)]))
      }
      if random.next(2) == 0 {
        for i in fills.indices.reversed() where i > 0 { fills.swapAt(i, random.next(i + 1)) }
      }
      events += fills
    }
    // Interleave some patients' rows, as a fills file sorted by date would.
    for i in events.indices.reversed() where i > 0 && random.next(5) == 0 { events.swapAt(i, random.next(i + 1)) }
    return events
  }

  static let windows = [
    AdherenceWindow(),
    AdherenceWindow(followUpStart: 0, followUpDuration: 365, observationStart: 30, observationDuration: 300),
    AdherenceWindow(
      followUpStart: 10, followUpDuration: 1_000, observationStart: 100, observationDuration: 500,
      carryOnlyForSameMedication: false, considerDosageChange: false),
  ]

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func everyMethodGivesTheReferenceValues(seed: UInt64) {
    let events = Self.randomEvents(seed: seed, patients: 300)
    let table = PatientSupplyTable(events)
    let reference = ReferencePatientSupplyTable(events)
    #expect(table.patientIDs == reference.patientIDs)
    for window in Self.windows {
      for method in CMAMethod.allCases {
        let values = table.values(method: method, window: window)
        let expected = reference.values(method: method, window: window)
        let same = zip(values, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        #expect(same, "\(method) differs from the reference (seed \(seed))")
      }
    }
  }

  @Test(arguments: [5, 6, 7] as [UInt64])
  func coverageGivesTheReferenceValues(seed: UInt64) {
    let events = Self.randomEvents(seed: seed, patients: 200)
    let byPatient = Dictionary(grouping: events, by: \.patientID)
    var random = Generator(state: seed)
    for (_, fills) in byPatient.sorted(by: { $0.key < $1.key }) {
      let from = random.next(3) == 0 ? nil : LocalDate(dayNumber: 18_000 + random.next(400))
      let through = LocalDate(dayNumber: 18_000 + 200 + random.next(3_000))
      let coverage = SupplyCoverage(events: fills, from: from, through: through)
      let expected = ReferenceSupplyCoverage(events: fills, from: from, through: through)
      #expect(coverage?.indexDate == expected?.indexDate)
      #expect(coverage?.daysInPeriod == expected?.daysInPeriod)
      #expect(coverage?.coveredDays == expected?.coveredDays)
      #expect(coverage?.totalDaysSupply == expected?.totalDaysSupply)
      #expect(coverage?.longestGap == expected?.longestGap)
    }
  }

  @Test func onePatientWithManyShuffledFillsMatchesTheSortedOrder() {
    var random = Generator(state: 9)
    var events = (0..<5_000).map {
      SupplyEvent(
        patientID: "p", date: LocalDate(dayNumber: 18_000 + $0 * 30 + random.next(3)), perDay: 1, category: "medA",
        duration: 30)
    }
    let sorted = PatientSupplyTable(events).values(method: .cma9)
    for i in events.indices.reversed() where i > 0 { events.swapAt(i, random.next(i + 1)) }
    #expect(PatientSupplyTable(events).values(method: .cma9) == sorted)
    #expect(
      PatientSupplyTable(events).values(method: .cma7) == ReferencePatientSupplyTable(events).values(method: .cma7))
  }
}

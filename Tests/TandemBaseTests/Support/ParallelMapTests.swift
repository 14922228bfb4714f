import Foundation
import Testing

@Suite("parallelMap: work spread over threads, results in order")
struct ParallelMapTests {
  @Test("results come back in the elements' order, each element transformed once", arguments: [1, 2, 3, 8])
  func orderAndOnce(workers: Int) {
    let items = Array(0..<1_003)
    let calls = CallCounter(count: items.count)
    let results = items.parallelMap(workers: workers, minimumPerWorker: 1) { item -> String in
      calls.record(item)
      return "item \(item)"
    }
    #expect(results == items.map { "item \($0)" })
    #expect(calls.counts.allSatisfy { $0 == 1 })
  }

  @Test("small inputs and empty ones stay on the calling thread")
  func smallStaysSerial() {
    let threads = ThreadSet()
    let results = [1, 2, 3].parallelMap(workers: 8) { item -> Int in
      threads.insert()
      return item * 2
    }
    #expect(results == [2, 4, 6])
    #expect(threads.count == 1)
    #expect([Int]().parallelMap(workers: 8) { $0 }.isEmpty)
  }
}

/// How many times each index was transformed.
private final class CallCounter: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var counts: [Int]
  init(count: Int) { counts = Array(repeating: 0, count: count) }
  func record(_ index: Int) { lock.withLock { counts[index] += 1 } }
}

/// The distinct threads that ran a transform.
private final class ThreadSet: @unchecked Sendable {
  private let lock = NSLock()
  private var seen: Set<ObjectIdentifier> = []
  func insert() { lock.withLock { _ = seen.insert(ObjectIdentifier(Thread.current)) } }
  var count: Int { lock.withLock { seen.count } }
}

import Dispatch
import Foundation

extension Array where Element: Sendable {
  /// `map`, spread over `workers` threads (by default one per core) when there are at least
  /// `minimumPerWorker` elements for each; results keep the
  /// order of the elements. Each element is handed to one worker; workers take the next few
  /// elements as they finish, so uneven items balance out.
  ///
  /// `transform` must be safe to run on several threads at once (no shared mutable state).
  public func parallelMap<Result: Sendable>(
    workers: Int = ParallelWork.workerCount, minimumPerWorker: Int = 16, _ transform: (Element) -> Result
  ) -> [Result] {
    let workers = Swift.min(workers, count / Swift.max(minimumPerWorker, 1))
    guard workers > 1 else { return map(transform) }
    let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      _ = results.deinitialize()
      results.deallocate()
    }
    let queue = ParallelWork.Queue(count: count, batch: Swift.max(1, count / (workers * 16)))
    withoutActuallyEscaping(transform) { transform in
      withUnsafeBufferPointer { elements in
        nonisolated(unsafe) let shared = (elements, results, transform)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
          let (elements, results, transform) = shared
          while let range = queue.take() {
            for index in range { results[index] = transform(elements[index]) }
          }
        }
      }
    }
    return results.map { $0! }
  }
}

/// How many threads `parallelMap` uses, and the shared counter its workers take work from.
public enum ParallelWork {
  /// The active processor count: the default when the caller does not pass `Environment.workers`
  /// (the `tandem` executable does, honouring `TANDEM_WORKERS`).
  public static let workerCount: Int = Swift.max(1, ProcessInfo.processInfo.activeProcessorCount)

  /// Hands out consecutive ranges of indexes, under a lock.
  final class Queue: @unchecked Sendable {
    private var next = 0
    private let count: Int
    private let batch: Int
    private let lock = NSLock()

    init(count: Int, batch: Int) {
      self.count = count
      self.batch = batch
    }

    func take() -> Range<Int>? {
      lock.withLock {
        guard next < count else { return nil }
        let start = next
        next = Swift.min(count, next + batch)
        return start..<next
      }
    }
  }
}

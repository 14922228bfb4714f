// The floor for loading content: libyaml's bare event parse of the same bytes, read the way the
// loader reads them.

import CYaml
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file the way `ContentLoader` does: open, fstat, read up to 1 MiB + 1 (raw system
/// calls, so that the floor carries no Foundation overhead the loader does not have).
func readLikeLoader(_ path: String) -> [UInt8]? {
  let descriptor = open(path, O_RDONLY | O_CLOEXEC)
  guard descriptor >= 0 else { return nil }
  defer { close(descriptor) }
  var info = stat()
  guard fstat(descriptor, &info) == 0 else { return nil }
  let limit = (1 << 20) + 1
  var bytes = [UInt8](repeating: 0, count: min(Int(info.st_size) + 1, limit))
  var count = 0
  while count < bytes.count {
    let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
    if got <= 0 { break }
    count += got
  }
  bytes.removeSubrange(count...)
  return bytes
}

/// Runs libyaml's event parser over `bytes`; returns the number of events, or nil on error.
func parseEvents(_ bytes: [UInt8]) -> Int? {
  var parser = yaml_parser_t()
  guard yaml_parser_initialize(&parser) == 1 else { return nil }
  defer { yaml_parser_delete(&parser) }
  return bytes.withUnsafeBufferPointer { buffer -> Int? in
    guard let base = buffer.baseAddress else { return nil }
    yaml_parser_set_input_string(&parser, base, buffer.count)
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    var events = 0
    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
      let type = event.type
      yaml_event_delete(&event)
      events += 1
      if type == YAML_STREAM_END_EVENT { return events }
    }
  }
}

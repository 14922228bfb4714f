import Foundation
import TandemBase

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Talks to a clinic service (docs/openapi.yaml): JSON over HTTPS, with the system's certificate
/// checks; plain HTTP only to a loopback address and only when asked for (`--insecure-loopback`).
struct ClinicHTTP {
  let base: URL

  /// Checks a server address the user typed.
  init(server: String, insecureLoopback: Bool) throws {
    var text = server
    while text.hasSuffix("/") { text.removeLast() }
    guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
      url.user == nil, url.password == nil
    else {
      throw CLIError(
        "'\(TerminalText.sanitized(server, keepNewlines: false))' is not a server address like https://clinic.example.org"
      )
    }
    switch scheme {
    case "https": break
    case "http":
      guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
        throw CLIError(
          "plain http:// is refused: health data travels only over https:// (or to this machine with --insecure-loopback)"
        )
      }
      guard insecureLoopback else {
        throw CLIError(
          "http:// to this machine needs --insecure-loopback (for trying a clinic out); a real clinic uses https://")
      }
    default: throw CLIError("the server address must start with https://")
    }
    base = url
  }

  struct Reply {
    var status: Int
    var body: Data
  }

  /// Sends one request and waits for the reply (30 s at most).
  func send(_ method: String, _ path: String, query: [URLQueryItem] = [], json: Data? = nil, token: String? = nil)
    throws -> Reply
  {
    guard var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)
    else { throw CLIError("cannot build the request") }
    if !query.isEmpty { components.queryItems = query }
    guard let url = components.url else { throw CLIError("cannot build the request") }
    var request = URLRequest(url: url, timeoutInterval: 30)
    request.httpMethod = method
    if let json {
      request.httpBody = json
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    let box = ReplyBox()
    let done = DispatchSemaphore(value: 0)
    let task = URLSession.shared.dataTask(with: request) { data, response, error in
      box.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
      done.signal()
    }
    task.resume()
    done.wait()
    let (data, status, error) = box.get()
    guard let status else {
      let reason = error.map { ($0 as NSError).localizedDescription } ?? "no reply"
      throw ClinicUnreachable(description: "cannot reach the clinic at \(base.absoluteString): \(reason)")
    }
    return Reply(status: status, body: data ?? Data())
  }

  /// Sends a request and decodes a 2xx reply; a refusal becomes a CLIError with the server's words.
  func call<Reply: Decodable>(
    _ type: Reply.Type, _ method: String, _ path: String, query: [URLQueryItem] = [],
    body: (some Encodable)? = nil as Int?,
    token: String? = nil
  ) throws -> Reply {
    let json = try body.map { try JSONEncoder().encode($0) }
    let reply = try send(method, path, query: query, json: json, token: token)
    guard (200..<300).contains(reply.status) else { throw Self.refusal(reply) }
    do {
      return try JSONDecoder().decode(type, from: reply.body)
    } catch {
      throw CLIError("the clinic's reply was not what this Tandem expects (is the server the same version?)")
    }
  }

  struct Problem: Decodable {
    var title: String?
    var detail: String?
    var diagnostics: [String]?
  }

  static func refusal(_ reply: Reply) -> Error {
    let problem = try? JSONDecoder().decode(Problem.self, from: reply.body)
    var text = "the clinic refused (\(reply.status)): " + (problem?.detail ?? problem?.title ?? "no reason given")
    for line in problem?.diagnostics ?? [] { text += "\n" + line }
    return ClinicRefusal(status: reply.status, description: TerminalText.sanitized(text, keepNewlines: true))
  }
}

struct ClinicRefusal: Error, CustomStringConvertible {
  var status: Int
  var description: String
}

struct ClinicUnreachable: Error, CustomStringConvertible {
  var description: String
}

private final class ReplyBox: @unchecked Sendable {
  private let lock = NSLock()
  private var data: Data?
  private var status: Int?
  private var error: Error?

  func set(data: Data?, status: Int?, error: Error?) {
    lock.lock()
    defer { lock.unlock() }
    (self.data, self.status, self.error) = (data, status, error)
  }

  func get() -> (Data?, Int?, Error?) {
    lock.lock()
    defer { lock.unlock() }
    return (data, status, error)
  }
}

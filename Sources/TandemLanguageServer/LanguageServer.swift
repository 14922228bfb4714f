import Foundation
import TandemBase
import TandemContent

/// Tandem's language server for module, snippet, program and catalogue files: it reads
/// JSON-RPC messages and returns the messages to send back, as values, so that it can be tested
/// without a process; `tandem lsp` connects it to standard input and output.
///
/// Diagnostics are those of `tandem validate <file>`, worked out on the editor's text: at once
/// when a document is opened or saved, and `debounce` seconds after the last change while the
/// author types. The server never writes a document's text anywhere but back to its client.
public final class LanguageServer {
  /// How long after the last change diagnostics are worked out, in seconds.
  public let debounce: Double
  /// The checks.
  let checker: ContentChecker
  /// The open documents, by address.
  var documents: [String: TextDocument] = [:]
  /// The latest check of each open document and the version it checked.
  var results: [String: (version: Int, result: ContentChecker.Result)] = [:]
  /// When each changed document's diagnostics are due.
  var due: [String: Double] = [:]
  private var initialized = false
  private var shutDown = false

  /// The status the process should exit with, once the client has sent `exit`.
  public private(set) var exitStatus: Int32?

  /// Creates a server whose modules find shared content in `snippetPaths` (the shipped
  /// `Content/`) and whose programs find their modules in `modulePaths` (the shipped `Modules/`).
  public init(snippetPaths: [String], modulePaths: [String] = [], debounce: Double = 0.25) {
    self.checker = ContentChecker(snippetPaths: snippetPaths, modulePaths: modulePaths)
    self.debounce = debounce
  }

  /// Whether the client asked to shut down.
  public var isShutDown: Bool { shutDown }

  /// When the next debounced diagnostics are due (on the caller's clock), if any are.
  public var nextDeadline: Double? { due.values.min() }

  /// Handles one message's JSON body, received at `now` (seconds on any steady clock); returns
  /// the JSON bodies to send, in order.
  public func receive(_ body: [UInt8], now: Double) -> [[UInt8]] {
    let json: Any
    do {
      json = try JSONSerialization.jsonObject(with: Data(body), options: [])
    } catch {
      return [Self.encode(errorResponse(id: nil, .parseError("the message is not valid JSON")))]
    }
    guard let message = json as? [String: Any] else {
      // A batch (an array) is JSON-RPC 2.0, but the Language Server Protocol never sends one.
      return [Self.encode(errorResponse(id: nil, .invalidRequest("a message must be a JSON object")))]
    }
    let rawID = message["id"]
    let id = RequestID(json: rawID)
    guard message["jsonrpc"] as? String == "2.0" else {
      return [Self.encode(errorResponse(id: id, .invalidRequest("'jsonrpc' must be \"2.0\"")))]
    }
    guard let method = message["method"] as? String else {
      // A response to a request of ours (the server sends none that need one) is ignored.
      if rawID != nil, message["result"] != nil || message["error"] != nil { return [] }
      return [Self.encode(errorResponse(id: id, .invalidRequest("a request needs a 'method' string")))]
    }
    let params = message["params"]
    if let params, !(params is [String: Any]) && !(params is [Any]) {
      return id == nil ? [] : [Self.encode(errorResponse(id: id, .invalidRequest("'params' must be an object")))]
    }
    if rawID != nil && id == nil {
      return [Self.encode(errorResponse(id: nil, .invalidRequest("'id' must be a number or a string")))]
    }
    guard let id else {
      // Before `initialize`, and after `shutdown`, every notification but `exit` is dropped.
      guard method == "exit" || (initialized && !shutDown) else { return [] }
      return notification(method, params as? [String: Any] ?? [:], now: now).map(Self.encode)
    }
    var out: [[String: Any]] = []
    do {
      let result = try request(method, params as? [String: Any] ?? [:], now: now, also: &out)
      out.insert(["jsonrpc": "2.0", "id": id.json, "result": result], at: 0)
    } catch let error as ResponseError {
      out.insert(errorResponse(id: id, error), at: 0)
    } catch {
      out.insert(errorResponse(id: id, ResponseError(code: -32603, message: "internal error")), at: 0)
    }
    return out.map(Self.encode)
  }

  /// The debounced diagnostics due by `now`.
  public func tick(now: Double) -> [[UInt8]] {
    let ready = due.filter { $0.value <= now }.map(\.key).sorted()
    for uri in ready { due[uri] = nil }
    return ready.compactMap(publish).map(Self.encode)
  }

  /// The error response the stream's framing problem deserves (the id cannot be known).
  public static func framingError(_ reason: String) -> [UInt8] {
    encode(["jsonrpc": "2.0", "id": NSNull(), "error": ["code": -32700, "message": "unreadable message: \(reason)"]])
  }

  /// The error response for a message too large to read.
  public static func tooLargeError(_ size: Int) -> [UInt8] {
    encode([
      "jsonrpc": "2.0", "id": NSNull(),
      "error": [
        "code": -32600, "message": "message of \(size) bytes skipped; the limit is \(MessageFramer.maxMessageSize)",
      ],
    ])
  }

  /// Handles a message too large to read, of `size` bytes, from its first and last bytes: a
  /// document opened or changed with such text stays known and gets the loader's size
  /// diagnostic; a request, or a message that cannot be recognised, gets `tooLargeError`.
  public func receiveTooLarge(size: Int, head: [UInt8], tail: [UInt8] = []) -> [[UInt8]] {
    let start = String(decoding: head, as: UTF8.self) + "\n" + String(decoding: tail, as: UTF8.self)
    let method = Self.firstString(named: "method", in: start)
    guard initialized, !shutDown, method == "textDocument/didOpen" || method == "textDocument/didChange",
      let uri = Self.firstString(named: "uri", in: start)
    else {
      // Only a request (it has an id) or an unrecognisable message is answered.
      let isRequest = start.contains(#/"id"\s*:/#)
      return method == nil || isRequest ? [Self.tooLargeError(size)] : []
    }
    if documents[uri] == nil, method == "textDocument/didChange" { return [] }
    let version = start.firstMatch(of: #/"version"\s*:\s*(\d+)/#).flatMap { Int($0.1) } ?? documents[uri]?.version ?? 0
    var document = TextDocument(uri: uri, version: version, text: "")
    document.oversize = size
    documents[uri] = document
    results[uri] = nil
    due[uri] = nil
    return publish(uri).map { [Self.encode($0)] } ?? []
  }

  /// The first JSON string given for `name` in the start of a message.
  private static func firstString(named name: String, in text: String) -> String? {
    guard let range = text.range(of: "\"\(name)\""),
      let match = text[range.upperBound...].prefixMatch(of: #/\s*:\s*("(?:[^"\\]|\\.)*")/#)
    else { return nil }
    return (try? JSONSerialization.jsonObject(with: Data(match.1.utf8), options: [.fragmentsAllowed])) as? String
  }

  // MARK: Requests

  private func request(_ method: String, _ params: [String: Any], now: Double, also: inout [[String: Any]]) throws
    -> Any
  {
    if shutDown { throw ResponseError.invalidRequest("the server is shutting down") }
    if method == "initialize" {
      if initialized { throw ResponseError.invalidRequest("already initialized") }
      initialized = true
      return Self.capabilities
    }
    guard initialized else { throw ResponseError.serverNotInitialized }
    switch method {
    case "shutdown":
      shutDown = true
      return NSNull()
    case "textDocument/completion":
      let (document, position) = try documentAndPosition(params)
      return ["isIncomplete": false, "items": completions(in: document, at: position)]
    case "textDocument/hover":
      let (document, position) = try documentAndPosition(params)
      return hover(in: document, at: position) ?? NSNull()
    case "textDocument/definition":
      let (document, position) = try documentAndPosition(params)
      return definition(in: document, at: position) ?? NSNull()
    case "textDocument/codeAction":
      let document = try openDocument(params)
      guard let range = TextRange(json: params["range"]) else { throw ResponseError.invalidParams("no 'range'") }
      return codeActions(in: document, range: range)
    default:
      throw ResponseError.methodNotFound(method)
    }
  }

  private static var capabilities: [String: Any] {
    [
      "capabilities": [
        "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": false]],
        "completionProvider": ["triggerCharacters": [" ", "{", ":", "=", "-"]],
        "hoverProvider": true,
        "definitionProvider": true,
        "codeActionProvider": ["codeActionKinds": ["quickfix"]],
      ],
      "serverInfo": ["name": "tandem", "version": "0.1.0"],
    ]
  }

  // MARK: Notifications

  private func notification(_ method: String, _ params: [String: Any], now: Double) -> [[String: Any]] {
    switch method {
    case "exit":
      exitStatus = shutDown ? 0 : 1
      return []
    case "textDocument/didOpen":
      guard let item = params["textDocument"] as? [String: Any], let uri = item["uri"] as? String,
        let text = item["text"] as? String
      else { return [] }
      documents[uri] = TextDocument(uri: uri, version: item["version"] as? Int ?? 0, text: text)
      results[uri] = nil
      due[uri] = nil
      return publish(uri).map { [$0] } ?? []
    case "textDocument/didChange":
      guard let item = params["textDocument"] as? [String: Any], let uri = item["uri"] as? String,
        let changes = params["contentChanges"] as? [[String: Any]],
        let text = changes.last(where: { $0["range"] == nil })?["text"] as? String
      else { return [] }
      documents[uri]?.update(text: text, version: item["version"] as? Int ?? 0)
      if documents[uri] != nil { due[uri] = now + debounce }
      return []
    case "textDocument/didSave":
      guard let item = params["textDocument"] as? [String: Any], let uri = item["uri"] as? String else { return [] }
      if let text = params["text"] as? String, let version = documents[uri]?.version {
        documents[uri]?.update(text: text, version: version)
      }
      // Files beside it may have changed on disk too: check again.
      results[uri] = nil
      due[uri] = nil
      return publish(uri).map { [$0] } ?? []
    case "textDocument/didClose":
      guard let item = params["textDocument"] as? [String: Any], let uri = item["uri"] as? String else { return [] }
      documents[uri] = nil
      results[uri] = nil
      due[uri] = nil
      return [Self.publishDiagnostics(uri: uri, version: nil, diagnostics: [])]
    default:
      // `initialized`, `$/cancelRequest` (requests are answered in order, before a cancel is
      // read), `$/setTrace` and any notification the server does not know are ignored.
      return []
    }
  }

  // MARK: Helpers

  private func documentAndPosition(_ params: [String: Any]) throws -> (TextDocument, Position) {
    let document = try openDocument(params)
    guard let position = Position(json: params["position"]) else { throw ResponseError.invalidParams("no 'position'") }
    guard let inside = document.clamped(position) else {
      throw ResponseError.invalidParams(
        "position \(position.line):\(position.character) is outside the document's \(document.lines.count) lines")
    }
    return (document, inside)
  }

  private func openDocument(_ params: [String: Any]) throws -> TextDocument {
    guard let item = params["textDocument"] as? [String: Any], let uri = item["uri"] as? String else {
      throw ResponseError.invalidParams("no 'textDocument.uri'")
    }
    guard let document = documents[uri] else { throw ResponseError.invalidParams("the document is not open") }
    return document
  }

  private func errorResponse(id: RequestID?, _ error: ResponseError) -> [String: Any] {
    ["jsonrpc": "2.0", "id": id?.json ?? NSNull(), "error": ["code": error.code, "message": error.message]]
  }

  /// The JSON bytes of a message.
  static func encode(_ message: [String: Any]) -> [UInt8] {
    guard JSONSerialization.isValidJSONObject(message),
      let data = try? JSONSerialization.data(withJSONObject: message, options: [.withoutEscapingSlashes])
    else {
      return Array(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"internal error"}}"#.utf8)
    }
    return [UInt8](data)
  }
}

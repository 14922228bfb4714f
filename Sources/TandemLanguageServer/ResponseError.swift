/// A JSON-RPC error response's code and message.
public struct ResponseError: Error, Hashable, Sendable {
  /// The JSON-RPC error code.
  public var code: Int
  /// A sentence saying what was wrong with the request (never the document's text).
  public var message: String

  /// Creates an error.
  public init(code: Int, message: String) {
    self.code = code
    self.message = message
  }

  /// The body was not JSON.
  public static func parseError(_ message: String) -> Self { Self(code: -32700, message: message) }
  /// The JSON was not a request or notification.
  public static func invalidRequest(_ message: String) -> Self { Self(code: -32600, message: message) }
  /// No such method.
  public static func methodNotFound(_ method: String) -> Self {
    Self(code: -32601, message: "unknown method '\(method)'")
  }
  /// The method's parameters are missing or of the wrong shape.
  public static func invalidParams(_ message: String) -> Self { Self(code: -32602, message: message) }
  /// A request other than `initialize` before `initialize`.
  public static let serverNotInitialized = Self(code: -32002, message: "the server is not initialized yet")
}

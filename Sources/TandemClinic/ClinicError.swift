import PostgresNIO

/// Why the clinic service refused a request or a command. Each case maps to one HTTP status and a
/// problem document (RFC 9457) in the server; messages name fields and rules, never health data.
public enum ClinicError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The request is malformed or breaks a rule of the protocol (400).
  case badRequest(String)
  /// No valid credentials: missing, expired, revoked or forged (401).
  case unauthorized(String)
  /// Valid credentials without the right to do this (403).
  case forbidden(String)
  /// No such patient, module or route (404).
  case notFound(String)
  /// The request contradicts what the server already holds: an event id with other content, a gap
  /// in a device's sequence (409).
  case conflict(String)
  /// A body over the size limit (413).
  case tooLarge(String)
  /// A body that is not sent as JSON (415).
  case unsupportedMediaType(String)
  /// Well-formed but invalid content: a module with errors, an event that fails its schema (422).
  case invalid(String, diagnostics: [String] = [])
  /// The server's own configuration or database is not usable.
  case configuration(String)

  public var status: Int {
    switch self {
    case .badRequest: 400
    case .unauthorized: 401
    case .forbidden: 403
    case .notFound: 404
    case .conflict: 409
    case .tooLarge: 413
    case .unsupportedMediaType: 415
    case .invalid: 422
    case .configuration: 500
    }
  }

  /// The problem document's `title`.
  public var title: String {
    switch self {
    case .badRequest: "Bad request"
    case .unauthorized: "Not signed in"
    case .forbidden: "Not allowed"
    case .notFound: "Not found"
    case .conflict: "Conflict"
    case .tooLarge: "Request too large"
    case .unsupportedMediaType: "Unsupported media type"
    case .invalid: "Invalid content"
    case .configuration: "Server not ready"
    }
  }

  /// The problem document's `detail`.
  public var detail: String {
    switch self {
    case .badRequest(let text), .unauthorized(let text), .forbidden(let text), .notFound(let text),
      .conflict(let text), .tooLarge(let text), .unsupportedMediaType(let text), .invalid(let text, _),
      .configuration(let text):
      text
    }
  }

  public var description: String { detail }
}

extension ClinicError {
  /// What an unexpected error means for the caller: a database refusal of the request's own data
  /// (SQLSTATE class 22, e.g. a NUL character in text) is the request's fault (400); anything else
  /// is the server's (500), described without any of the data.
  public static func classify(_ error: any Error) -> ClinicError {
    if let error = error as? ClinicError { return error }
    if let error = error as? PSQLError, let state = error.serverInfo?[.sqlState], state.hasPrefix("22") {
      return .badRequest("the request holds text or a number the database cannot store (a NUL character?)")
    }
    return .configuration("the server could not complete the request")
  }
}

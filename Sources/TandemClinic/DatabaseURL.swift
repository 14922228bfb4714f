import Foundation
import PostgresNIO

/// Where the clinic's PostgreSQL database is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, or a Unix socket
/// folder as `postgres://USER@/DATABASE?host=/run/postgresql&port=5432` (libpq's spelling).
public struct DatabaseURL: Sendable, CustomStringConvertible {
  public var username: String
  public var password: String?
  public var database: String
  /// A TCP host, or nil for the Unix socket in `socketFolder`.
  public var host: String?
  public var port: Int
  public var socketFolder: String?

  /// Reads `text`; the error says what is wrong and never repeats a password.
  public init(_ text: String) throws(ClinicError) {
    guard let components = URLComponents(string: text), let scheme = components.scheme,
      ["postgres", "postgresql"].contains(scheme)
    else {
      throw .configuration("the database URL must look like postgres://USER@HOST:PORT/DATABASE")
    }
    let query = Dictionary(
      (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
    username = components.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
    password = components.password.flatMap { $0.removingPercentEncoding }
    let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
    database = path.isEmpty ? username : path
    let portText = query["port"] ?? components.port.map(String.init) ?? "5432"
    guard let port = Int(portText), (1...65535).contains(port) else {
      throw .configuration("the database URL's port must be a number from 1 to 65535")
    }
    self.port = port
    if let folder = query["host"], folder.hasPrefix("/") {
      socketFolder = folder
      host = nil
    } else if let host = components.host, !host.isEmpty {
      self.host = host
      socketFolder = nil
    } else {
      socketFolder = "/var/run/postgresql"
      host = nil
    }
  }

  /// The client configuration.
  public var configuration: PostgresClient.Configuration {
    if let socketFolder {
      return PostgresClient.Configuration(
        unixSocketPath: socketFolder + "/.s.PGSQL.\(port)", username: username, password: password, database: database)
    }
    return PostgresClient.Configuration(
      host: host ?? "localhost", port: port, username: username, password: password, database: database,
      tls: .disable)
  }

  /// The URL without its password, for messages.
  public var description: String {
    if let socketFolder { return "postgres://\(username)@/\(database)?host=\(socketFolder)&port=\(port)" }
    return "postgres://\(username)@\(host ?? "localhost"):\(port)/\(database)"
  }
}

import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import TandemClinic

extension TandemServer {
  struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Serve the clinic's HTTP API (docs/openapi.yaml): HTTPS, or plain HTTP on loopback for testing.")
    @Option(help: ArgumentHelp("Where to listen (port 0 picks a free one).", valueName: "host:port"))
    var listen: String = "127.0.0.1:8443"
    @Option(help: ArgumentHelp("The certificate chain (PEM) for HTTPS.", valueName: "file")) var tlsCertificate: String?
    @Option(help: ArgumentHelp("The private key (PEM) for HTTPS.", valueName: "file")) var tlsKey: String?
    @Option(
      help: ArgumentHelp(
        "A streaming replica for clinicians' reads (records, the panel); sync and every write use --database.",
        valueName: "url"))
    var readDatabase: String?
    @Flag(help: "Serve plain HTTP; allowed only on a loopback address (127.0.0.1, ::1, localhost).")
    var insecureLoopback = false
    @Option(
      help: ArgumentHelp(
        "How often to renew the panel rows a new day (or new rules) made stale, in seconds (1–86400).",
        valueName: "seconds"))
    var panelRefresh = 600
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
      guard (1...86_400).contains(panelRefresh) else {
        throw ValidationError("--panel-refresh must be 1 to 86400 seconds")
      }
      let (host, port) = try Self.address(listen)
      let tls: TLSConfiguration?
      if let tlsCertificate, let tlsKey {
        guard !insecureLoopback else { throw ValidationError("--insecure-loopback and TLS files: choose one") }
        do {
          let chain = try NIOSSLCertificate.fromPEMFile(tlsCertificate).map { NIOSSLCertificateSource.certificate($0) }
          let key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
          tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        } catch {
          throw ValidationError("cannot read the TLS certificate or key: \(error)")
        }
      } else if tlsCertificate != nil || tlsKey != nil {
        throw ValidationError("HTTPS needs both --tls-certificate and --tls-key")
      } else {
        guard insecureLoopback else {
          throw ValidationError(
            "give --tls-certificate and --tls-key, or --insecure-loopback to serve plain HTTP on a loopback address")
        }
        guard ["127.0.0.1", "::1", "localhost"].contains(host) else {
          throw ValidationError("plain HTTP is only for a loopback address; give --tls-certificate and --tls-key")
        }
        tls = nil
      }
      let scheme = tls == nil ? "http" : "https"
      let replica: DatabaseURL?
      do {
        replica = try readDatabase.map { try DatabaseURL($0) }
      } catch {
        throw ValidationError("--read-database: \(error)")
      }
      try await withClinic(database) { database in
        guard let replica else {
          try await Self.serve(
            Clinic.open(database), host: host, port: port, tls: tls, scheme: scheme, panelRefresh: panelRefresh)
          return
        }
        try await ClinicDatabase.with(replica) { reader in
          do {
            try await reader.ping()
          } catch {
            throw ClinicError.configuration("--read-database \(replica) does not answer; check the URL and the replica")
          }
          try await Self.serve(
            Clinic.open(database, reader: reader), host: host, port: port, tls: tls, scheme: scheme,
            panelRefresh: panelRefresh)
        }
      }
    }

    static func serve(
      _ clinic: Clinic, host: String, port: Int, tls: TLSConfiguration?, scheme: String, panelRefresh: Int
    ) async throws {
      var logger = Logger(label: "tandem.server")
      // Request lines carry patient labels; nothing below a warning is logged.
      logger.logLevel = .warning
      let router = ClinicRouter.make(clinic: clinic)
      let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
      let app = Application(
        router: router, server: server,
        configuration: .init(address: .hostname(host, port: port), serverName: "tandem-server"),
        onServerRunning: { channel in
          let bound = channel.localAddress?.port ?? port
          let shown = host.contains(":") ? "[\(host)]" : host
          // Written straight to the descriptor: tests and service managers read it at once.
          let line = "tandem-server listening on \(scheme)://\(shown):\(bound)\n"
          _ = line.utf8CString.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count - 1) }
        }, logger: logger)
      // Panel rows a new day made stale are renewed in the background, so the first listing of the
      // day reads kept rows; one server of several does it at a time.
      let refresher = Task.detached(priority: .background) {
        try? await Task.sleep(for: .seconds(min(5, panelRefresh)))
        while !Task.isCancelled {
          _ = try? await clinic.refreshPanel(now: Date())
          try? await Task.sleep(for: .seconds(panelRefresh))
        }
      }
      defer { refresher.cancel() }
      try await app.runService()
    }

    static func address(_ text: String) throws -> (String, Int) {
      guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
        (0...65535).contains(port)
      else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8443") }
      var host = String(text[..<colon])
      if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
      guard !host.isEmpty else { throw ValidationError("--listen must name a host") }
      return (host, port)
    }
  }
}

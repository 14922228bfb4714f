import Foundation
import Hummingbird
import HummingbirdAuth
import NIOCore
import TandemClinic
import TandemEvents

/// The HTTP API (docs/openapi.yaml), written by hand over the clinic library: each route decodes,
/// authenticates, calls one `Clinic` method and encodes. Refusals are problem documents (RFC 9457).
enum ClinicRouter {
  /// The largest body any route reads: one push batch.
  static let maximumBody = 1 << 20

  static func make(clinic: Clinic) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.add(middleware: ProblemMiddleware())
    router.get("/v1/health") { _, _ in
      await handle {
        do {
          try await clinic.database.ping()
        } catch {
          throw ClinicError.configuration("the database does not answer")
        }
        return try json(["status": "ok"])
      }
    }

    router.post("/v1/enrol") { request, context in
      try await handle {
        let body = try await decode(EnrolRequest.self, request, context)
        return try json(try await clinic.redeem(code: body.code, expecting: body.expecting, now: Date()))
      }
    }
    router.post("/v1/token") { request, context in
      try await handle {
        let body = try await decode(RefreshRequest.self, request, context)
        let token = try await clinic.refresh(token: body.refreshToken, now: Date())
        return try json(TokenResponse(accessToken: token, expiresIn: Int(Clinic.accessLifetime)))
      }
    }
    router.post("/v1/sync/push") { request, context in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        let batch = try await decode(PushBatch.self, request, context)
        return try json(try await clinic.push(batch, by: principal, now: Date()))
      }
    }
    router.get("/v1/sync/pull") { request, _ in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        let after = try integer(request, "after", default: 0)
        let limit = try integer(request, "limit", default: 1000)
        return try json(try await clinic.pull(after: after, limit: Int(limit), by: principal))
      }
    }
    router.get("/v1/patients") { request, _ in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        return try json(PanelResponse(patients: try await clinic.panel(by: principal, now: Date())))
      }
    }
    router.get("/v1/patients/{label}/record") { request, context in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        let label = try pathLabel(context)
        return try json(try await clinic.record(label: label, by: principal, now: Date()))
      }
    }
    router.post("/v1/patients/{label}/events") { request, context in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        let label = try pathLabel(context)
        let body = try await decode(EventsRequest.self, request, context)
        let added = try await clinic.write(label: label, lines: body.lines, by: principal, now: Date())
        return try json(EventsResponse(added: added))
      }
    }
    router.get("/v1/modules") { request, _ in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        let module = request.uri.queryParameters.get("module")
        return try json(ModulesResponse(modules: try await clinic.publishedModules(module: module, by: principal)))
      }
    }
    router.post("/v1/modules") { request, context in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        let body = try await decode(PublishRequest.self, request, context)
        return try json(try await clinic.publish(files: body.files, by: principal, now: Date()))
      }
    }
    router.post("/v1/research/export") { request, context in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        let body = try await decode(ResearchExportRequest.self, request, context)
        guard let key = Data(base64Encoded: body.key) else {
          throw ClinicError.badRequest("'key' is not base64")
        }
        return try json(
          try await clinic.researchExport(study: body.study, key: Array(key), by: principal, now: Date()))
      }
    }
    router.get("/v1/audit") { request, _ in
      try await handle {
        let principal = try await clinic.authenticate(bearer: bearer(request))
        let limit = try integer(request, "limit", default: 1000)
        return try json(AuditResponse(entries: try await clinic.auditLog(principal, limit: Int(limit))))
      }
    }
    return router
  }

  /// Answers what the router itself refuses (no such route, a method a route does not take) with a
  /// problem document too.
  struct ProblemMiddleware: RouterMiddleware {
    func handle(
      _ request: Request, context: BasicRequestContext, next: (Request, BasicRequestContext) async throws -> Response
    ) async throws -> Response {
      do {
        return try await next(request, context)
      } catch let error as HTTPError {
        let status = Int(error.status.code)
        let clinicError: ClinicError =
          switch status {
          case 404: .notFound("no such route: see docs/openapi.yaml")
          case 405: .badRequest("this route does not take that method: see docs/openapi.yaml")
          case 413: .tooLarge("the body is over 1 MiB")
          default: .badRequest("the request could not be read")
          }
        return problem(clinicError)
      }
    }
  }

  // MARK: Plumbing

  /// The token of an `Authorization: Bearer …` header; the scheme's name is case-insensitive (RFC 9110 §11.1).
  static func bearer(_ request: Request) -> String? {
    guard let value = request.headers[.authorization] else { return nil }
    let trimmed = value.drop { $0 == " " || $0 == "\t" }
    guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }),
      trimmed[..<space].lowercased() == "bearer"
    else { return nil }
    let token = trimmed[space...].trimmingCharacters(in: .whitespaces)
    return token.isEmpty ? nil : token
  }

  /// The patient label in the path. One longer than a label can be (100 characters, docs/openapi.yaml) is refused
  /// here, before anything is looked up or written to the audit log.
  static func pathLabel(_ context: BasicRequestContext) throws -> String {
    let label = try context.parameters.require("label")
    guard (1...100).contains(label.count) else {
      throw ClinicError.badRequest("a patient label is 1 to 100 characters")
    }
    return label
  }

  static func integer(_ request: Request, _ name: String, default value: Int64) throws -> Int64 {
    guard let text = request.uri.queryParameters.get(name) else { return value }
    guard let number = Int64(text), number >= 0 else {
      throw ClinicError.badRequest("'\(name)' must be a whole number, 0 or more")
    }
    return number
  }

  static func decode<Body: Decodable>(_ type: Body.Type, _ request: Request, _ context: BasicRequestContext)
    async throws -> Body
  {
    // Only JSON is read as JSON: a body sent as text/plain (or as nothing in particular) is refused.
    let mediaType = request.headers[.contentType]?.split(separator: ";", maxSplits: 1).first
      .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    guard mediaType == "application/json" else {
      throw ClinicError.unsupportedMediaType("the body must be sent as Content-Type: application/json")
    }
    let buffer: ByteBuffer
    do {
      buffer = try await request.body.collect(upTo: maximumBody)
    } catch {
      throw ClinicError.tooLarge("the body is over 1 MiB; send fewer events at once")
    }
    do {
      return try JSONDecoder().decode(type, from: Data(buffer: buffer))
    } catch let error as DecodingError {
      throw ClinicError.badRequest("the body is not the JSON this route takes: \(describe(error))")
    } catch {
      throw ClinicError.badRequest("the body is not JSON")
    }
  }

  static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
      return keys.isEmpty ? "the top level" : "'" + keys.joined(separator: ".") + "'"
    }
    switch error {
    case .keyNotFound(let key, _): return "missing '\(key.stringValue)'"
    case .typeMismatch(_, let context), .valueNotFound(_, let context): return "\(path(context)) has the wrong type"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty ? "malformed JSON" : "\(path(context)) is not valid"
    @unknown default: return "malformed"
    }
  }

  static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return Response(
      status: status, headers: [.contentType: "application/json"],
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }

  /// Runs a route, answering any refusal with a problem document and anything unexpected with a
  /// bare 500 that names no data.
  static func handle(_ body: () async throws -> Response) async -> Response {
    do {
      return try await body()
    } catch {
      return problem(ClinicError.classify(error))
    }
  }

  struct Problem: Encodable {
    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var diagnostics: [String]?
  }

  static func problem(_ error: ClinicError) -> Response {
    var diagnostics: [String]?
    if case .invalid(_, let list) = error, !list.isEmpty { diagnostics = list }
    let body = Problem(title: error.title, status: error.status, detail: error.detail, diagnostics: diagnostics)
    let data = (try? JSONEncoder().encode(body)) ?? Data()
    var headers: HTTPFields = [.contentType: "application/problem+json"]
    if error.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
    return Response(
      status: HTTPResponse.Status(code: error.status), headers: headers,
      body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}

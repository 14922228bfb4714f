import Foundation

/// Who is asking: a patient's enrolled device or a clinician, with the role that decides what they
/// may do.
public struct Principal: Hashable, Sendable {
  public enum Role: String, Hashable, Sendable, CaseIterable, Codable {
    case patient, therapist, prescriber, researcher, admin
  }

  public var role: Role
  /// The clinician's id, or the patient device's id.
  public var id: UUID
  /// The clinician's name; "patient device" for a device.
  public var name: String
  /// The patient a device belongs to.
  public var patientID: UUID?

  public init(role: Role, id: UUID, name: String, patientID: UUID? = nil) {
    self.role = role
    self.id = id
    self.name = name
    self.patientID = patientID
  }

  /// Whether the role sees patients on its care team.
  var isCareTeamRole: Bool { role == .therapist || role == .prescriber }
}

/// The roles a clinician invitation may name.
extension Principal.Role {
  public static let clinicianRoles: [Principal.Role] = [.therapist, .prescriber, .researcher, .admin]
}

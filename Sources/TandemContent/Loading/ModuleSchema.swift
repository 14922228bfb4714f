/// The field names a module file may use, as the decoder checks them: for editors that
/// complete field names (`tandem lsp`).
public enum ModuleSchema {
  /// The fields at the top of a module.
  public static var moduleFields: [String] { ModuleDecoder.moduleFields }

  /// The step kinds, sorted.
  public static var stepKinds: [String] { ModuleDecoder.kindFields.keys.sorted() }

  /// The fields a step of `kind` may have (the common ones, then the kind's own); the common
  /// ones alone when the kind is unknown or not given yet.
  public static func stepFields(kind: String?) -> [String] {
    kind.flatMap { ModuleDecoder.allowedStepFields[$0] } ?? ModuleDecoder.commonStepFields
  }

  /// The fields of a choice step's option.
  public static var optionFields: [String] { ModuleDecoder.optionFields }
}

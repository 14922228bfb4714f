/// What the session says to the patient when it cannot take what they typed, in the language
/// of the module copy they are working through (English unless a translation is running).
///
/// The runner's own prompts live with the runner; these come from the core, because the state
/// machine decides when an answer is refused and why.
public struct SessionMessages: Sendable {
  /// The language tag (`es`), or `nil` for the module as written (English).
  public let language: String?

  /// The messages for `language`; languages Tandem has no messages for fall back to English.
  public init(language: String?) { self.language = language }

  private var spanish: Bool { language == "es" }

  var noAnswerNeeded: String {
    spanish
      ? "Este paso no necesita respuesta; pulsa Intro para continuar."
      : "This step needs no answer; press Enter to continue."
  }
  func writeAtLeast(_ count: Int) -> String {
    switch (spanish, count > 1) {
    case (true, true): "Escribe al menos \(count) caracteres."
    case (true, false): "Escribe una respuesta."
    case (false, true): "Please write at least \(count) characters."
    case (false, false): "Please write an answer."
    }
  }
  func keepTo(_ maximum: Int, typed: Int) -> String {
    spanish
      ? "Escribe como mucho \(maximum) caracteres (has escrito \(typed))."
      : "Please keep it to \(maximum) characters (this is \(typed))."
  }
  func wholeNumber(from min: Int, to max: Int) -> String {
    spanish ? "Escribe un número entero del \(min) al \(max)." : "Please enter a whole number from \(min) to \(max)."
  }
  func chooseOption(multiple: Bool) -> String {
    switch (spanish, multiple) {
    case (true, true): "Elige una o varias opciones."
    case (true, false): "Elige una opción."
    case (false, true): "Please choose one or more options."
    case (false, false): "Please choose an option."
    }
  }
  var justOne: String { spanish ? "Elige solo una opción." : "Please choose just one option." }
  func notAnOption(_ typed: String, count: Int) -> String {
    spanish
      ? "'\(typed)' no es una de las opciones; escribe un número del 1 al \(count) o el nombre de una opción."
      : "'\(typed)' is not one of the options; enter a number 1–\(count) or an option id."
  }
  func standsAlone(_ label: String) -> String {
    spanish
      ? "«\(label)» no se puede combinar con otras opciones; elígela sola o quítala."
      : "'\(label)' cannot be combined with other options; choose it on its own, or leave it out."
  }
  /// A line that starts with ':' but is no command: refused, never taken as an answer.
  public func unknownCommand(_ typed: String) -> String {
    spanish
      ? "'\(typed)' no es una orden. \(SessionCommand.list(language: language))"
      : "'\(typed)' is not a command. \(SessionCommand.list(language: language))"
  }
  var yesOrNo: String { spanish ? "Responde sí o no." : "Please answer yes or no." }
  var paused: String {
    spanish ? "La sesión está en pausa; reanúdala para seguir." : "The session is paused; resume it to go on."
  }
  func answerToGoOn(optional: Bool) -> String {
    switch (spanish, optional) {
    case (true, true): "Responde, o escribe :skip para saltar este paso."
    case (true, false): "Responde para seguir."
    case (false, true): "Please answer, or type :skip."
    case (false, false): "Please answer to go on."
    }
  }
  var noTimer: String { spanish ? "Este paso no tiene temporizador." : "There is no timer on this step." }
  var firstStep: String { spanish ? "Este es el primer paso." : "This is the first step." }
  var cannotSkip: String { spanish ? "Este paso no se puede saltar." : "This step can't be skipped." }
}

/// The runner's own words in the module's language (English unless a translation has them).
struct RunnerText {
  let language: String?

  private var spanish: Bool { language == "es" }

  func progress(_ title: String, _ position: Int, _ total: Int) -> String {
    spanish ? "\(title) · paso \(position) de unos \(total)" : "\(title) · step \(position) of about \(total)"
  }

  var pressEnterToContinue: String { spanish ? "Pulsa Intro para continuar" : "Press Enter to continue" }
  var pressEnterToBegin: String { spanish ? "Pulsa Intro para empezar" : "Press Enter to begin" }
  func rating(_ min: Int, _ max: Int) -> String {
    spanish ? "Tu valoración (\(min)–\(max)): " : "Your rating (\(min)–\(max)): "
  }
  func choice(multiple: Bool) -> String {
    switch (spanish, multiple) {
    case (true, true): "Tus opciones: "
    case (true, false): "Tu opción: "
    case (false, true): "Your choices: "
    case (false, false): "Your choice: "
    }
  }
  var yesOrNo: String { spanish ? "sí o no: " : "yes or no: " }
  func typeAnswer(_ maxLength: Int) -> String {
    spanish
      ? "Escribe tu respuesta (hasta \(maxLength) caracteres) y pulsa Intro."
      : "Type your answer (up to \(maxLength) characters) and press Enter."
  }
  var chooseSeveral: String {
    spanish
      ? "Elige una o más: números o identificadores separados por comas."
      : "Choose one or more: numbers or ids separated by commas."
  }
  var earlierAnswer: String { spanish ? "Tu respuesta anterior" : "Your earlier answer" }
  var help: String {
    spanish
      ? "Órdenes: :back (paso anterior)  :skip (pasos opcionales)  :pause  :abandon  :crisis (ayuda ya)"
      : "Commands: :back (previous step)  :skip (optional steps)  :pause  :abandon  :crisis (help now)"
  }
  var paused: String { spanish ? "Pausado y guardado." : "Paused and saved." }
  var pickUp: String { spanish ? "Continúa donde lo dejaste con:" : "Pick up where you left off with:" }
  var complete: String { spanish ? "Sesión completada." : "Session complete." }
  func practised(_ minutes: Int, _ seconds: Int) -> String {
    spanish ? " Practicaste \(minutes) min \(seconds) s." : " You practised for \(minutes) min \(seconds) s."
  }
  var thanks: String { spanish ? " Gracias por dedicarte este tiempo." : " Thank you for taking this time." }
  var stopped: String { spanish ? "Esta sesión se ha detenido." : "This session has stopped." }
  var abandoned: String {
    spanish
      ? "Sesión terminada. Tus respuestas se guardan. Puedes empezar de nuevo cuando quieras."
      : "Session ended. Your answers so far are kept. You can start again any time."
  }
}

import Foundation
import TandemTherapy

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
  var onItsOwn: String { spanish ? "solo, sin otras" : "on its own only" }
  var earlierAnswer: String { spanish ? "Tu respuesta anterior" : "Your earlier answer" }
  var help: String { SessionCommand.list(language: language) }
  var pressEnterToBeginTimer: String {
    spanish
      ? "Pulsa Intro para empezar el temporizador, o escribe :skip, :back o :pause."
      : "Press Enter to begin the timer, or type :skip, :back or :pause."
  }
  var confirmAbandon: String {
    spanish
      ? "¿Abandonar esta sesión? Tus respuestas se guardan, pero no podrás continuarla."
      : "Abandon this session? Your answers so far are kept, but you cannot continue it."
  }
  var yesOrNoDefaultNo: String { spanish ? "¿Abandonar? [s/N] " : "Abandon? [y/N] " }
  func isYes(_ answer: String) -> Bool {
    ["y", "yes", "s", "si", "sí"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
  }
  var notAbandoned: String {
    spanish ? "No se ha abandonado; seguimos en este paso." : "Not abandoned; carrying on from this step."
  }
  var dueNow: String { spanish ? "Dosis pendientes ahora:" : "Due now:" }
  var due: String { spanish ? "a las" : "due" }
  var noMedicinePlan: String {
    spanish
      ? "Tandem no tiene ningún medicamento habitual en tu plan, así que aquí no se anotará nada. Quien te lo receta puede añadirlo con 'tandem meds add'."
      : "Tandem has no regular medicine on your plan, so nothing will be logged here. Your prescriber's plan can be added with 'tandem meds add'."
  }
  var nothingDue: String {
    spanish
      ? "Ahora mismo no te toca ninguna dosis, así que aquí no se anotará nada."
      : "No dose is due right now, so nothing will be logged here."
  }
  var nothingLoggedNoPlan: String {
    spanish
      ? "No se ha anotado nada: Tandem no tiene ningún medicamento habitual en tu plan. Para anotar una dosis de todos modos: tandem dose take MEDICAMENTO."
      : "Nothing logged: Tandem has no regular medicine on your plan. To log a dose anyway: tandem dose take MEDICINE."
  }
  var nothingToLog: String {
    spanish
      ? "No se ha anotado nada: ahora no te toca ninguna dosis. Para anotar una de todos modos: tandem dose take MEDICAMENTO."
      : "Nothing logged: no dose is due right now. To log one anyway: tandem dose take MEDICINE."
  }
  /// A check-in that logged nothing because a headache from days ago is still open.
  func staleHeadache(since start: Date, timeZone: TimeZone) -> String {
    let when = DiaryContext.timeFormatter(in: timeZone).string(from: start)
    return spanish
      ? "No se ha anotado: tu diario tiene abierto un dolor de cabeza desde \(when). Si ya terminó, anota cuándo con: tandem attack end --at HORA."
      : "Not logged: your diary still has a headache open since \(when). If it has ended, say when with: tandem attack end --at TIME."
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

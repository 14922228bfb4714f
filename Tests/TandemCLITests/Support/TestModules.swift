/// Small modules written to a sandbox so the tests do not depend on the wording of the shipped ones.
enum TestModules {
  /// Every step kind but safety, a `when:` that depends on a choice, an optional prompt, a
  /// timer and a before/after rating whose values are interpolated at the end.
  ///
  /// Path when `mood` is tense: intro, mood, tense-note, tension-before, worry, breathe,
  /// tension-after, plan, closing (9 steps).
  static let flow = """
    id: e2e-flow
    version: 1
    title: End-to-end flow
    approach: cbt
    minutes: 5
    summary: A small module for end-to-end tests.
    steps:
      - id: intro
        kind: text
        title: Welcome
        body: Read this first.
      - id: mood
        kind: choice
        question: How do you feel?
        options:
          - id: calm
            label: Calm
          - id: tense
            label: Tense
      - id: calm-note
        kind: text
        when: "mood == calm"
        body: Calm note page.
      - id: tense-note
        kind: text
        when: "mood == tense"
        body: Tense note page.
      - id: tension-before
        kind: scale
        question: How tense is your body?
        rating: tension
        phase: before
        anchors:
          0: relaxed
          10: very tense
      - id: worry
        kind: prompt
        optional: true
        question: What worries you today?
      - id: breathe
        kind: timer
        seconds: 60
        body: Breathe slowly.
      - id: tension-after
        kind: scale
        question: And now?
        rating: tension
        phase: after
        anchors:
          0: relaxed
          10: very tense
      - id: plan
        kind: choice
        question: When will you practise?
        options:
          - id: morning
            label: Morning
          - id: evening
            label: Evening
      - id: closing
        kind: text
        body: "Your tension went from {{tension-before}} to {{tension-after}}; plan: {{plan}}; worry: {{worry}}."

    """

  /// A safety screen between two text steps, with its own guidance.
  static let safety = """
    id: e2e-safety
    version: 1
    title: Safety screen
    approach: check-in
    minutes: 2
    summary: A red-flag screen.
    steps:
      - id: intro
        kind: text
        body: A quick check first.
      - id: red-flags
        kind: safety
        question: Does any of these apply to you now?
        items:
          - A sudden, severe headache
        guidance: "E2E GUIDANCE: get urgent medical help now."
      - id: after-check
        kind: text
        body: This page comes after the safety check.

    """

  /// A module whose second step's wording and version the pinning test changes.
  static func pinned(version: Int, wording: String) -> String {
    """
    id: e2e-pinned
    version: \(version)
    title: Pinned module
    approach: cbt
    minutes: 2
    summary: A module that changes while a session is paused.
    steps:
      - id: intro
        kind: text
        body: Start here.
      - id: lesson
        kind: text
        body: \(wording)
      - id: closing
        kind: text
        body: The end.

    """
  }

  /// Control characters everywhere a module author can put text: ESC colour and OSC title
  /// sequences, BEL, backspace, carriage return, and the one-character C1 CSI.
  static let hostile = #"""
    id: e2e-hostile
    version: 1
    title: "Hostile \e[31mred\e[0m title"
    approach: cbt
    minutes: 2
    summary: "Summary \e]0;pwned\a with an OSC title sequence."
    steps:
      - id: intro
        kind: text
        title: "Intro \e[2J cleared"
        body: "Body \e[31mred\e[0m, bell \a, back\bspace, carriage\rreturn, c1 \x9b31m csi."
      - id: pick
        kind: choice
        question: "Pick \e[5m blinking"
        options:
          - id: one
            label: "One \e[1mbold\e[0m"
          - id: two
            label: "Two \x9b1m"
      - id: rate
        kind: scale
        question: "Rate \e[7m inverse"
        anchors:
          0: "zero \e[31m"
          10: "ten \a"
      - id: note
        kind: prompt
        question: "Write \e]8;;http://evil.example\e\\ a link"
      - id: breathe
        kind: timer
        seconds: 5
        phases:
          - label: "In \e[32m"
            seconds: 2
          - label: "Out \a"
            seconds: 3
        body: "Timer \e[31m body"
      - id: echo
        kind: text
        body: "You wrote {{note}} and picked {{pick}}."

    """#

  /// For the terminal: a text page, a free-text prompt echoed on the next page, a choice, an end page.
  static let terminal = """
    id: e2e-terminal
    version: 1
    title: Terminal check
    approach: cbt
    minutes: 3
    summary: A module for the interactive terminal tests.
    steps:
      - id: intro
        kind: text
        title: Start here
        body: Welcome to the terminal test.
      - id: note
        kind: prompt
        question: Describe your morning in a few words.
      - id: echo
        kind: text
        title: Echo
        body: "You wrote: {{note}}"
      - id: mood
        kind: choice
        question: Which word fits best?
        options:
          - id: steady
            label: Steady
          - id: shaky
            label: Shaky
      - id: closing
        kind: text
        body: All done here.

    """

  /// A three-second paced timer followed by a text page.
  static let timer = """
    id: e2e-timer
    version: 1
    title: Short timer
    approach: relaxation
    minutes: 1
    summary: A three-second timer.
    steps:
      - id: breathe
        kind: timer
        title: Breathe
        seconds: 3
        phases:
          - label: Breathe in
            seconds: 1
          - label: Breathe out
            seconds: 2
        body: Follow the pace.
      - id: after-timer
        kind: text
        body: The timer is over now.

    """
}

import TandemTherapy

/// Draws a module's flow as Graphviz DOT or a Mermaid flowchart.
public enum GraphRenderer {
  /// The output languages.
  public enum Format: String, Sendable, CaseIterable {
    case dot, mermaid
  }

  /// The graph of `module` in `format`: a start node, one node per step (id, kind and title),
  /// an end node, a "safety stop" node for safety screens, and labelled edges.
  public static func render(_ module: Module, format: Format) -> String {
    let flow = FlowEdges(module: module)
    switch format {
    case .dot: return dot(module, flow)
    case .mermaid: return mermaid(module, flow)
    }
  }

  private static func nodeText(_ step: Step) -> (String, String?) {
    let title = step.title.map { oneLine($0, limit: 40) }
    return ("\(step.id) (\(step.kind.name))", title)
  }

  private static func oneLine(_ text: String, limit: Int) -> String {
    let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
  }

  private static func hasSafety(_ module: Module) -> Bool {
    module.steps.contains { if case .safety = $0.kind { true } else { false } }
  }

  // MARK: - DOT

  private static func dot(_ module: Module, _ flow: FlowEdges) -> String {
    func quoted(_ text: String) -> String {
      var out = "\""
      for char in text {
        switch char {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default:
          if char.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) { out.append(char) }
        }
      }
      return out + "\""
    }
    func name(_ index: Int?, start: Bool = false) -> String {
      guard let index else { return start ? "__start" : "__end" }
      return quoted(module.steps[index].id)
    }
    var lines = ["digraph \(quoted(module.id)) {"]
    lines.append(
      "  graph [rankdir=TB, label=\(quoted("\(module.title) (\(module.id), version \(module.version))")), labelloc=t];")
    lines.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];")
    lines.append("  edge [fontname=\"Helvetica\", fontsize=10];")
    lines.append("  __start [label=\"start\", shape=circle];")
    for step in module.steps {
      let (head, title) = nodeText(step)
      let label = title.map { head + "\n" + $0 } ?? head
      var attributes = ["label=\(quoted(label))"]
      switch step.kind {
      case .safety: attributes.append("shape=octagon")
      case .timer: attributes.append("shape=box, style=\"rounded,bold\"")
      case .prompt, .scale, .choice: attributes.append("shape=box, style=\"rounded,filled\", fillcolor=\"#eef3ff\"")
      case .text: break
      }
      if step.when != nil { attributes.append("peripheries=2") }
      lines.append("  \(quoted(step.id)) [\(attributes.joined(separator: ", "))];")
    }
    lines.append("  __end [label=\"end\", shape=doublecircle];")
    if hasSafety(module) { lines.append("  __stopped [label=\"safety stop\", shape=octagon, color=red];") }
    for edge in flow.edges {
      var attributes: [String] = []
      if !edge.label.isEmpty { attributes.append("label=\(quoted(edge.label))") }
      if edge.isJump { attributes.append("style=bold") }
      let suffix = attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]"
      lines.append("  \(name(edge.from, start: true)) -> \(name(edge.to))\(suffix);")
    }
    for step in module.steps {
      if case .safety = step.kind {
        lines.append("  \(quoted(step.id)) -> __stopped [label=\"yes\", color=red, fontcolor=red];")
      }
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - Mermaid

  private static func mermaid(_ module: Module, _ flow: FlowEdges) -> String {
    func text(_ raw: String) -> String {
      var out = ""
      for char in raw {
        switch char {
        case "\"": out += "#quot;"
        case "\n": out += "<br/>"
        case "<": out += "#lt;"
        case ">": out += "#gt;"
        case "|": out += "#124;"
        default:
          if char.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) { out.append(char) }
        }
      }
      return out
    }
    func name(_ index: Int?, start: Bool = false) -> String {
      guard let index else { return start ? "start" : "finish" }
      return "s\(index)"
    }
    var lines = ["flowchart TD"]
    lines.append("  start((start))")
    for (index, step) in module.steps.enumerated() {
      let (head, title) = nodeText(step)
      let label = "\"" + text(title.map { head + "\n" + $0 } ?? head) + "\""
      switch step.kind {
      case .safety: lines.append("  s\(index){{\(label)}}")
      case .prompt, .scale, .choice: lines.append("  s\(index)([\(label)])")
      case .text, .timer: lines.append("  s\(index)[\(label)]")
      }
    }
    lines.append("  finish(((end)))")
    if hasSafety(module) { lines.append("  stopped[/\"safety stop\"/]") }
    for edge in flow.edges {
      let arrow = edge.isJump ? "==>" : "-->"
      let label = edge.label.isEmpty ? "" : "|\"\(text(edge.label))\"|"
      lines.append("  \(name(edge.from, start: true)) \(arrow)\(label) \(name(edge.to))")
    }
    for (index, step) in module.steps.enumerated() {
      if case .safety = step.kind { lines.append("  s\(index) -->|yes| stopped") }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

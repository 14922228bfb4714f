import ArgumentParser
import Foundation
import TandemAuthoring

extension Tandem {
  /// Prints a module's flow as a Graphviz DOT or Mermaid graph.
  struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Draw a module's steps as a graph (DOT for Graphviz, or Mermaid).",
      discussion: """
        Edges are labelled with the options and conditions that lead along them. Render DOT with
        'tandem graph MODULE | dot -Tsvg > MODULE.svg'.
        """)

    @Argument(help: ArgumentHelp("A module id or a module file.", valueName: "module"))
    var module: String

    @Option(name: .long, help: "dot or mermaid.")
    var format: GraphFormat = .dot

    @Flag(name: .long, help: "Instead of the graph, list the distinct paths and their lengths.")
    var paths = false

    @Option(name: .long, help: ArgumentHelp("The most paths to enumerate.", valueName: "n"))
    var maxPaths = 500

    @OptionGroup var options: CommonOptions

    func run() throws {
      let module = try AuthoringInput.module(self.module, options: options)
      if paths {
        print(PathReport.render(PathAnalysis(module: module, maxPaths: maxPaths), module: module), terminator: "")
      } else {
        print(GraphRenderer.render(module, format: format.rendererFormat), terminator: "")
      }
    }
  }
}

/// The graph languages `tandem graph` writes.
enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
  case dot, mermaid

  var rendererFormat: GraphRenderer.Format {
    switch self {
    case .dot: .dot
    case .mermaid: .mermaid
    }
  }
}

import Foundation
import PackagePlugin

/// Embeds text files into a target as Swift source, so the `procure` binary carries exactly the
/// files it was built with and needs nothing beside it at run time:
/// - for `Ledger`, the package's `sql/*.sql` migrations (`embeddedMigrations`), keeping `sql/` the
///   only place where the schema is written;
/// - for a target holding `openapi.yaml`, that document (`embeddedOpenAPIDocument`), served at
///   `GET /openapi.yaml`.
@main
struct EmbedText: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "EmbedTextTool").url
        let targetDirectory = target.directoryURL
        let document = targetDirectory.appending(path: "openapi.yaml")
        if FileManager.default.fileExists(atPath: document.path) {
            let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedOpenAPIDocument.swift")
            return [
                .buildCommand(
                    displayName: "Embedding openapi.yaml",
                    executable: tool,
                    arguments: [output.path, "document", document.path],
                    inputFiles: [document],
                    outputFiles: [output]
                )
            ]
        }
        let sqlDirectory = context.package.directoryURL.appending(path: "sql")
        let files = try FileManager.default
            .contentsOfDirectory(at: sqlDirectory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) SQL migrations",
                executable: tool,
                arguments: [output.path, "migrations"] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]
            )
        ]
    }
}

import Foundation
import PackagePlugin

/// Embeds text files into a target as Swift source, so the `procure` binary carries exactly the
/// files it was built with and needs nothing beside it at run time:
/// - for `Ledger`, the package's `sql/*.sql` migrations (`embeddedMigrations`) and
///   `sql/functions/*.sql` (`embeddedFunctionFiles`), keeping `sql/` the only place where the
///   schema is written;
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
        let migrations = try sqlFiles(in: sqlDirectory)
        let functionFiles = try sqlFiles(in: sqlDirectory.appending(path: "functions"))
        let migrationsOutput = context.pluginWorkDirectoryURL.appending(path: "EmbeddedMigrations.swift")
        let functionsOutput = context.pluginWorkDirectoryURL.appending(path: "EmbeddedFunctionFiles.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(migrations.count) SQL migrations",
                executable: tool,
                arguments: [migrationsOutput.path, "migrations"] + migrations.map(\.path),
                inputFiles: migrations,
                outputFiles: [migrationsOutput]
            ),
            .buildCommand(
                displayName: "Embedding \(functionFiles.count) SQL function files",
                executable: tool,
                arguments: [functionsOutput.path, "functions"] + functionFiles.map(\.path),
                inputFiles: functionFiles,
                outputFiles: [functionsOutput]
            ),
        ]
    }

    /// The `.sql` files directly in `directory` (none if it does not exist), by name.
    private func sqlFiles(in directory: URL) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default
            .contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}

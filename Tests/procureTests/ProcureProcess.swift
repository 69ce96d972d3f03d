import Foundation
import ProcureTestSupport
import Testing

/// The real `procure` binary, run as a separate process the way a person runs it.
struct ProcureBinary {
    let executable: URL
    /// The environment every run gets (config directory, data directory, no inherited token).
    var environment: [String: String]

    init(environment: [String: String]) throws {
        // Tests run from the products directory's test bundle, beside the built `procure`.
        let products = Bundle.main.bundleURL.deletingLastPathComponent()
        let candidates = [
            products.appending(path: "procure"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appending(path: "procure"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw ProcessFailure("no procure binary next to the tests (looked in \(candidates.map(\.path)))")
        }
        executable = found
        var base = ProcessInfo.processInfo.environment
        for key in ["PROCURE_URL", "PROCURE_TOKEN", "DATABASE_URL", "PROCURE_DATA_DIR", "PROCURE_HOST", "PROCURE_PORT"]
        {
            base.removeValue(forKey: key)
        }
        // English unless a test asks for Japanese, whatever the locale of the machine running them.
        base["PROCURE_LANG"] = "en"
        self.environment = base.merging(environment) { $1 }
    }

    /// Runs `procure arguments…` to completion.
    func run(_ arguments: String...) async throws -> Finished {
        let running = try start(arguments)
        return await running.finish()
    }

    /// Starts `procure arguments…` without waiting for it (for `procure serve`).
    func start(_ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let output = try OutputFiles()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output.standardOutput
        process.standardError = output.standardError
        let exit = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            exit.continuation.yield(process.terminationStatus)
            exit.continuation.finish()
        }
        try process.run()
        return Running(process: process, output: output, exit: exit.stream)
    }

    /// A finished run: exit status and what it printed.
    struct Finished {
        let status: Int32
        let standardOutput: String
        let standardError: String
    }

    /// A process still running.
    final class Running: @unchecked Sendable {
        let process: Process
        let output: OutputFiles
        private let exit: AsyncStream<Int32>

        init(process: Process, output: OutputFiles, exit: AsyncStream<Int32>) {
            self.process = process
            self.output = output
            self.exit = exit
        }

        var pid: Int32 { process.processIdentifier }

        /// Waits (polling, with a deadline) until the standard error contains `text`.
        func waitForStandardError(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                let log = output.readStandardError()
                if log.contains(text) { return log }
                if !process.isRunning {
                    throw ProcessFailure("procure exited before printing '\(text)':\n\(log)")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            throw ProcessFailure("procure did not print '\(text)' within \(timeout):\n\(output.readStandardError())")
        }

        func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// SIGKILL, unless it has exited: for a `defer`, so that a test that fails half-way does
        /// not leave its server running.
        func killIfRunning() {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }

        /// Waits for the exit; `SIGKILL`s the process if it takes longer than `timeout`.
        func finish(timeout: Duration = .seconds(60)) async -> Finished {
            let killer = Task {
                try await Task.sleep(for: timeout)
                kill(process.processIdentifier, SIGKILL)
            }
            var status: Int32 = -1
            for await code in exit { status = code }
            killer.cancel()
            return Finished(
                status: status, standardOutput: output.readStandardOutput(), standardError: output.readStandardError())
        }
    }

    /// Standard output and error go to files: a pipe could fill up and stall the process, and
    /// would stay open as long as any process the server leaves behind holds it.
    final class OutputFiles: @unchecked Sendable {
        let directory: URL
        let standardOutput: FileHandle
        let standardError: FileHandle

        init() throws {
            directory = FileManager.default.temporaryDirectory.appending(path: "procure-out-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: directory.appending(path: "out").path, contents: nil)
            _ = FileManager.default.createFile(atPath: directory.appending(path: "err").path, contents: nil)
            standardOutput = try FileHandle(forWritingTo: directory.appending(path: "out"))
            standardError = try FileHandle(forWritingTo: directory.appending(path: "err"))
        }

        func readStandardOutput() -> String { read("out") }
        func readStandardError() -> String { read("err") }

        /// The bytes as written, a byte-order mark included (Foundation's reading would drop it).
        private func read(_ name: String) -> String {
            (try? Data(contentsOf: directory.appending(path: name))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }

        deinit {
            try? standardOutput.close()
            try? standardError.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `procure serve` on a fresh data directory, for the stories told with the real binary: its
/// address, and clients holding the tokens the story makes.
struct StoryServer {
    let procure: ProcureBinary
    let url: String
    /// The running `procure serve`, whose standard error is its log.
    let server: ProcureBinary.Running

    /// Runs `body` against a server of its own, then stops the server with SIGTERM; when `body`
    /// succeeded, the server must exit cleanly. `environment` is added to the server's and the
    /// clients' (e.g. `PROCURE_LOG_LEVEL`).
    static func run(environment: [String: String] = [:], _ body: (StoryServer) async throws -> Void) async throws {
        try await withTemporaryDataDirectory { directory in
            let procure = try ProcureBinary(
                environment: environment.merging(["PROCURE_DATA_DIR": directory.dataDirectory.path]) { $1 })
            let server = try procure.start(["serve", "--port", "0"])
            do {
                let log = try await server.waitForStandardError(containing: "listening on")
                let port = try #require(
                    log.split(separator: "\n").first { $0.contains("listening on") }?.split(separator: ":").last
                        .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
                try await body(StoryServer(procure: procure, url: "http://127.0.0.1:\(port)", server: server))
            } catch {
                server.signal(SIGTERM)
                _ = await server.finish()
                expectNoOutage(server)
                throw error
            }
            server.signal(SIGTERM)
            #expect(await server.finish().status == 0)
            expectNoOutage(server)
        }
    }

    /// The story's database never goes away: a probe that failed on it is a defect of the server's
    /// outage detection (it would answer 503 to requests on a healthy database).
    private static func expectNoOutage(_ server: ProcureBinary.Running) {
        let probeLines = server.output.readStandardError().split(separator: "\n").filter {
            $0.contains("database is unreachable") || $0.contains("database probe failed")
        }
        #expect(probeLines.isEmpty, "\(probeLines.joined(separator: "\n"))")
    }

    /// A client of this server with the token `procure admin token create arguments…` prints.
    func client(_ arguments: String...) async throws -> ProcureBinary {
        let token = try await procure.start(arguments).finish()
        #expect(token.status == 0, "\(token.standardError)")
        var client = procure
        client.environment["PROCURE_URL"] = url
        client.environment["PROCURE_TOKEN"] = token.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        return client
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The exit status and combined stdout/stderr of a finished command.
struct CommandResult: Sendable {
    var status: Int32
    var output: String

    /// The last `count` lines of the output, for error messages.
    func tail(_ count: Int = 20) -> String {
        output.split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Runs the PostgreSQL programs with Foundation's `Process`.
///
/// Output goes to an unlinked temporary file rather than a pipe: `pg_ctl start` leaves a
/// postmaster behind that could inherit a pipe's write end, and reading the pipe to its end would
/// then hang for as long as PostgreSQL runs. A file also cannot fill up and block the child.
enum CommandRunner {
    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil
    ) async throws -> CommandResult {
        let output = try OutputFile()
        let process = makeProcess(executable, arguments, output: output, environment: environment)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                continuation.resume(returning: process.terminationStatus)
            }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return CommandResult(status: status, output: output.contents())
    }

    /// For the few quick look-ups that happen outside async code (`pg_config --bindir`).
    static func runSynchronously(_ executable: String, _ arguments: [String]) throws -> CommandResult {
        let output = try OutputFile()
        let process = makeProcess(executable, arguments, output: output, environment: nil)
        try process.run()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, output: output.contents())
    }

    private static func makeProcess(
        _ executable: String,
        _ arguments: [String],
        output: OutputFile,
        environment: [String: String]?
    ) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // The cluster user may not be allowed into our working directory (e.g. /root).
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output.handle
        process.standardError = output.handle
        if let environment {
            process.environment = environment
        }
        return process
    }

    /// Quotes a word for `/bin/sh`.
    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// An unlinked, close-on-exec temporary file that collects a child's output.
private final class OutputFile {
    let handle: FileHandle

    init() throws {
        var template = Array("/tmp/procure-cmd-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else {
            throw EmbeddedPostgresError.system("cannot create a temporary file in /tmp", errno)
        }
        // Only the child's stdout/stderr (dup2'ed copies) should carry it, not the postmaster.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        template.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { _ = unlink(base) }
        }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    func contents() -> String {
        guard (try? handle.seek(toOffset: 0)) != nil, let data = try? handle.readToEnd() else { return "" }
        return String(decoding: data, as: UTF8.self)
    }
}

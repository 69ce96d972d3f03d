import Dispatch
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

/// Runs the PostgreSQL programs (and the watchdog) as child processes.
///
/// Why not Foundation's `Process`: on Linux it learns that a child exited when a socket it hands
/// to the child reaches end-of-file — but `pg_ctl start` leaves a postmaster behind that inherits
/// that socket, so the termination handler would only fire when PostgreSQL stops (the first
/// attempt hung this way). The same inheritance would keep a test's `Process` for `procure serve`
/// waiting on our postmaster. So children are started with `posix_spawn`, with every descriptor
/// above stderr closed, and reaped with `waitpid`.
///
/// Output goes to an unlinked temporary file rather than a pipe, which cannot fill up and block
/// the child, and cannot be held open by a daemon it leaves behind.
enum CommandRunner {
    /// Runs a command to completion.
    static func run(_ executable: String, _ arguments: [String]) async throws -> CommandResult {
        let output = try OutputFile()
        let pid = try spawn(executable, arguments, output: output.descriptor, newSession: false)
        let status = await withCheckedContinuation { continuation in
            // waitpid blocks; keep it off the Swift concurrency pool.
            DispatchQueue.global().async {
                continuation.resume(returning: waitForExit(pid))
            }
        }
        return CommandResult(status: status, output: output.contents())
    }

    /// For the few quick look-ups that happen outside async code (`pg_config --bindir`).
    static func runSynchronously(_ executable: String, _ arguments: [String]) throws -> CommandResult {
        let output = try OutputFile()
        let pid = try spawn(executable, arguments, output: output.descriptor, newSession: false)
        return CommandResult(status: waitForExit(pid), output: output.contents())
    }

    /// Starts a command in a new session with all output discarded, without waiting for it.
    /// The caller must make sure it exits quickly (the watchdog's launcher backgrounds its work).
    static func spawnDetached(_ executable: String, _ arguments: [String]) async throws -> Int32 {
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard devNull >= 0 else { throw EmbeddedPostgresError.system("cannot open /dev/null", errno) }
        defer { close(devNull) }
        let pid = try spawn(executable, arguments, output: devNull, newSession: true)
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: waitForExit(pid))
            }
        }
    }

    /// Quotes a word for `/bin/sh`.
    static func shellQuoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: - posix_spawn

    private static func spawn(
        _ executable: String,
        _ arguments: [String],
        output: Int32,
        newSession: Bool
    ) throws(EmbeddedPostgresError) -> pid_t {
        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, output, 2)

        // The calling thread may block signals (dispatch workers do); children start clean.
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        #if canImport(Darwin)
            flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
            if newSession { flags |= Int32(POSIX_SPAWN_SETSID) }
        #else
            closeInheritedDescriptors(&actions)
            if newSession { flags |= linuxSpawnSetSID }
        #endif
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))

        let argv = ([executable] + arguments).map { strdup($0) }
        defer {
            for argument in argv { free(argument) }
        }
        var pid: pid_t = 0
        let result = (argv + [nil]).withUnsafeBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return EINVAL }
            return posix_spawn(&pid, executable, &actions, &attributes, base, environ)
        }
        guard result == 0 else { throw .system("cannot run \(executable)", result) }
        return pid
    }

    #if !canImport(Darwin)
        /// glibc's `POSIX_SPAWN_SETSID` (2.26+), hidden from Swift behind `_GNU_SOURCE`.
        private static let linuxSpawnSetSID: Int32 = 0x80

        private typealias AddCloseFrom =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32)
            -> Int32

        /// glibc 2.34+'s `posix_spawn_file_actions_addclosefrom_np`, also hidden behind
        /// `_GNU_SOURCE`; older C libraries get one close action per descriptor open right now.
        private static let addCloseFrom: AddCloseFrom? = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
            else { return nil }
            return unsafeBitCast(symbol, to: AddCloseFrom.self)
        }()

        private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) {
            if let addCloseFrom, addCloseFrom(&actions, 3) == 0 { return }
            let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            for fd in open.compactMap(Int32.init) where fd > 2 && fcntl(fd, F_GETFD) >= 0 {
                posix_spawn_file_actions_addclose(&actions, fd)
            }
        }
    #endif

    /// Waits for `pid` and returns its exit status (128 + the signal number if a signal ended it).
    private static func waitForExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}

/// An unlinked, close-on-exec temporary file that collects a child's output.
private final class OutputFile {
    let handle: FileHandle
    var descriptor: Int32 { handle.fileDescriptor }

    init() throws(EmbeddedPostgresError) {
        var template = Array("/tmp/procure-cmd-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { throw .system("cannot create a temporary file in /tmp", errno) }
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

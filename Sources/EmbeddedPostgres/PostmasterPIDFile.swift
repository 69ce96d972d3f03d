import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `postmaster.pid` file a running PostgreSQL keeps in its data directory.
///
/// Its layout is fixed by PostgreSQL (`pidfile.h`): line 1 the postmaster's pid, 2 the data
/// directory, 3 the start time, 4 the port, 5 the first Unix socket directory, 6 the listen
/// address, 7 the shared memory key, 8 the status (`starting`, `ready`, `stopping`).
struct PostmasterPIDFile: Sendable, Equatable {
    var pid: Int32
    var port: Int
    var socketDirectory: String
    var status: String

    static func read(dataDirectory: URL) -> PostmasterPIDFile? {
        let url = dataDirectory.appendingPathComponent("postmaster.pid")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return PostmasterPIDFile(text)
    }

    init?(_ text: String) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count >= 5, let pid = Int32(lines[0]), pid > 0, let port = Int(lines[3]) else { return nil }
        self.pid = pid
        self.port = port
        self.socketDirectory = lines[4]
        self.status = lines.count >= 8 ? lines[7] : ""
    }

    var isReady: Bool { status == "ready" }

    /// The Unix socket a client connects to.
    var socketPath: String { "\(socketDirectory)/.s.PGSQL.\(port)" }

    /// Whether the recorded postmaster is still alive.
    var postmasterIsAlive: Bool { Self.isPostgresProcess(pid) }

    /// Whether `pid` is a live PostgreSQL process working in `dataDirectory` (where `/proc` can
    /// tell the directory; else any live PostgreSQL process): the postmaster of that cluster, not
    /// another program, nor another cluster's postmaster, that happens to have the pid now.
    static func isPostmaster(_ pid: Int32, of dataDirectory: URL) -> Bool {
        guard isPostgresProcess(pid) else { return false }
        guard let directory = workingDirectory(of: pid) else { return true }
        return directory == dataDirectory.resolvingSymlinksInPath().path
    }

    /// Live PostgreSQL processes whose current directory is `dataDirectory`: a cluster's
    /// postmaster and backends all work in its data directory.
    static func postgresProcesses(workingIn dataDirectory: URL) -> [Int32] {
        #if os(Linux)
            let target = dataDirectory.resolvingSymlinksInPath().path
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap(Int32.init).filter { pid in
                workingDirectory(of: pid) == target && isPostgresProcess(pid)
            }
        #else
            return []
        #endif
    }

    private static func workingDirectory(of pid: Int32) -> String? {
        #if os(Linux)
            return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")
        #else
            return nil
        #endif
    }

    /// Whether `pid` is alive and, where `/proc` can tell, a PostgreSQL process — a stale pid file
    /// whose pid now belongs to some other program must not be mistaken for a running cluster.
    static func isPostgresProcess(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
            // `/proc/<pid>/stat` is "pid (comm) state …". An exited postmaster whose parent (pid 1 of
            // a container) never reaps it stays a zombie that `kill(pid, 0)` still finds.
            if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
            {
                let name = stat[stat.index(after: open)..<close]
                let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
                return (name == "postgres" || name == "postmaster") && state != "Z"
            }
        #endif
        return true
    }
}

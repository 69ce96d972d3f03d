import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why the embedded PostgreSQL cluster could not be started, reached or stopped.
///
/// Every description is one line a person can act on; the CLI prints it as `error: …`.
public enum EmbeddedPostgresError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// No directory with `initdb`, `pg_ctl` and `postgres` was found.
    case binariesNotFound
    /// Another launcher holds the data directory's lock. `pid` is the holder, when it could be read.
    case dataDirectoryInUse(path: String, pid: Int32?)
    /// The lock holder is running, but its PostgreSQL did not become ready in time.
    case clusterNotReady(path: String, pid: Int32?)
    /// Running as root, but there is no unprivileged `postgres` user to run the cluster as.
    case clusterUserMissing(user: String)
    /// Running as root, but the cluster user cannot enter a parent directory of the data directory.
    case dataDirectoryUnreachable(path: String, blockedAt: String, user: String)
    /// The data directory holds a cluster owned by someone other than the cluster user.
    case dataDirectoryOwnedByOtherUser(path: String, user: String)
    /// A PostgreSQL program failed; `output` is the tail of what it printed or logged.
    case commandFailed(command: String, status: Int32, output: String)
    /// The cluster was used before `start()` or after `stop()`.
    case notRunning(path: String)
    /// `start()` or `stop()` was called while the other was still in progress.
    case busy(path: String)
    /// A system call failed.
    case system(String, Int32)

    public var description: String {
        switch self {
        case .binariesNotFound:
            return "PostgreSQL server binaries not found; install them with `apt-get install postgresql` "
                + "(Debian/Ubuntu), or set DATABASE_URL to use an existing server."
        case .dataDirectoryInUse(let path, let pid):
            if let pid, pid == getpid() {
                return "data directory \(path) is in use by another PostgreSQL launcher in this process"
            }
            let holder = pid.map { "another procure process (pid \($0))" } ?? "another procure process"
            return "data directory \(path) is in use by \(holder)"
        case .clusterNotReady(let path, let pid):
            let holder = pid.map { " (pid \($0))" } ?? ""
            return "data directory \(path) is held by another procure process\(holder), "
                + "but its PostgreSQL is not accepting connections"
        case .clusterUserMissing(let user):
            return "PostgreSQL refuses to run as root and there is no '\(user)' user to run it as; "
                + "run procure as an unprivileged user, create the '\(user)' user (apt-get install postgresql), "
                + "or set DATABASE_URL"
        case .dataDirectoryUnreachable(let path, let blockedAt, let user):
            return "PostgreSQL runs as user '\(user)' (procure is running as root), but '\(user)' cannot enter "
                + "\(blockedAt) to reach the data directory \(path); choose a --data-dir it can reach, "
                + "such as /var/lib/procure/postgres"
        case .dataDirectoryOwnedByOtherUser(let path, let user):
            return "data directory \(path) belongs to another user; PostgreSQL runs as '\(user)' here. "
                + "Change its owner (chown -R \(user) \(path)) or choose another --data-dir"
        case .commandFailed(let command, let status, let output):
            let detail = output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }.joined(separator: " | ")
            return "\(command) failed (exit status \(status))" + (detail.isEmpty ? "" : ": \(detail)")
        case .notRunning(let path):
            return "the embedded PostgreSQL for \(path) is not running"
        case .busy(let path):
            return "the embedded PostgreSQL for \(path) is already starting or stopping"
        case .system(let what, let code):
            return "\(what): \(String(cString: strerror(code)))"
        }
    }

    public var errorDescription: String? { description }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The operating-system user the PostgreSQL cluster runs as.
///
/// `initdb` and `postgres` refuse to run as root. So when procure runs as root (CI, containers)
/// the cluster runs as Debian's unprivileged `postgres` user, through `runuser`, and its
/// directories are handed to that user. Otherwise the programs run directly as ourselves.
struct ClusterUser: Sendable, Equatable {
    /// Set when the cluster runs as another user than ourselves.
    struct Other: Sendable, Equatable {
        var name: String
        var uid: uid_t
        var gid: gid_t
        var groups: [gid_t]
        var runuser: String
    }

    var other: Other?

    static let unprivilegedName = "postgres"

    static func forCurrentProcess() throws(EmbeddedPostgresError) -> ClusterUser {
        guard geteuid() == 0 else { return ClusterUser(other: nil) }
        guard let entry = getpwnam(unprivilegedName) else { throw .clusterUserMissing(user: unprivilegedName) }
        let uid = entry.pointee.pw_uid
        let gid = entry.pointee.pw_gid
        let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let runuser else {
            throw .commandFailed(command: "runuser", status: 127, output: "runuser (util-linux) is not installed")
        }
        return ClusterUser(
            other: Other(
                name: unprivilegedName, uid: uid, gid: gid, groups: supplementaryGroups(unprivilegedName, gid),
                runuser: runuser))
    }

    /// The executable and arguments that run `program` as the cluster user.
    func command(_ program: URL, _ arguments: [String]) -> (String, [String]) {
        guard let other else { return (program.path, arguments) }
        return (other.runuser, ["-u", other.name, "--", program.path] + arguments)
    }

    /// Runs a PostgreSQL program as the cluster user; throws with its output if it fails.
    @discardableResult
    func run(_ program: URL, _ arguments: [String], allowFailure: Bool = false) async throws -> CommandResult {
        let (executable, fullArguments) = command(program, arguments)
        let result = try await CommandRunner.run(executable, fullArguments)
        if result.status != 0 && !allowFailure {
            throw EmbeddedPostgresError.commandFailed(
                command: [program.lastPathComponent, arguments.first.flatMap { $0.hasPrefix("-") ? nil : $0 }]
                    .compactMap { $0 }.joined(separator: " "),
                status: result.status,
                output: result.tail(8))
        }
        return result
    }

    /// Creates the missing parents of `url` (mode 0755, so the cluster user can pass through).
    func createParentDirectories(of url: URL) throws(EmbeddedPostgresError) {
        try createDirectory(url.deletingLastPathComponent(), mode: 0o755)
    }

    private func createDirectory(_ url: URL, mode: mode_t) throws(EmbeddedPostgresError) {
        let path = url.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return }
        try createDirectory(url.deletingLastPathComponent(), mode: 0o755)
        guard mkdir(path, mode) == 0 || errno == EEXIST else { throw .system("cannot create directory \(path)", errno) }
        // mkdir's mode is filtered by the umask; a 0077 umask would lock the cluster user out.
        _ = chmod(path, mode)
    }

    /// Fails with a clear message when the cluster user cannot search every parent of `url`.
    func verifyCanReach(_ url: URL) throws(EmbeddedPostgresError) {
        guard let other else { return }
        var ancestor = url.deletingLastPathComponent()
        var ancestors: [String] = []
        while true {
            ancestors.append(ancestor.path)
            if ancestor.path == "/" || ancestor.path.isEmpty { break }
            ancestor = ancestor.deletingLastPathComponent()
        }
        for path in ancestors.reversed() {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            let searchable: Bool
            if info.st_uid == other.uid {
                searchable = info.st_mode & S_IXUSR != 0
            } else if info.st_gid == other.gid || other.groups.contains(info.st_gid) {
                searchable = info.st_mode & S_IXGRP != 0
            } else {
                searchable = info.st_mode & S_IXOTH != 0
            }
            if !searchable {
                throw .dataDirectoryUnreachable(path: url.path, blockedAt: path, user: other.name)
            }
        }
    }

    /// Creates `url` as a private (0700) directory of the cluster user.
    ///
    /// An existing, initialised data directory of another user is refused rather than taken
    /// over: chowning someone's cluster behind their back is worse than asking.
    func preparePrivateDirectory(_ url: URL) throws(EmbeddedPostgresError) {
        let path = url.path
        try createDirectory(url, mode: 0o700)
        var info = stat()
        guard stat(path, &info) == 0 else { throw .system("cannot inspect \(path)", errno) }
        let owner = other?.uid ?? geteuid()
        if info.st_uid != owner {
            let initialised = FileManager.default.fileExists(atPath: url.appendingPathComponent("PG_VERSION").path)
            if initialised {
                throw .dataDirectoryOwnedByOtherUser(path: path, user: other?.name ?? currentUserName())
            }
            guard chown(path, owner, other?.gid ?? getegid()) == 0 else {
                throw .system("cannot hand \(path) to the PostgreSQL user", errno)
            }
        }
        guard chmod(path, 0o700) == 0 else { throw .system("cannot make \(path) private", errno) }
    }

    private func currentUserName() -> String {
        getpwuid(geteuid()).map { String(cString: $0.pointee.pw_name) } ?? "uid \(geteuid())"
    }

    private static func supplementaryGroups(_ name: String, _ gid: gid_t) -> [gid_t] {
        #if canImport(Darwin)
            // Only Linux runs the cluster as another user in practice; macOS has no `postgres` user.
            return [gid]
        #else
            var count: Int32 = 64
            var groups = [gid_t](repeating: 0, count: Int(count))
            let found = getgrouplist(name, gid, &groups, &count)
            return found < 0 ? [gid] : Array(groups.prefix(Int(count)))
        #endif
    }
}

import Foundation

/// The PostgreSQL server programs the embedded launcher needs: `initdb`, `pg_ctl` and `postgres`.
///
/// They are looked up where PostgreSQL installations put them, in this order:
/// 1. `pg_config --bindir`, when `pg_config` is on the `PATH` and that directory has all three
///    (Debian's `/usr/bin/pg_config` may belong to libpq and point at a directory without them);
/// 2. the highest version of Debian/Ubuntu's `/usr/lib/postgresql/<version>/bin`, because Debian
///    keeps the server programs off the `PATH`;
/// 3. the first `PATH` directory that has all three (Homebrew, source builds).
public struct PostgresBinaries: Sendable, Equatable {
    /// The directory holding the three programs.
    public let directory: URL

    public var initdb: URL { directory.appendingPathComponent("initdb") }
    public var pgCtl: URL { directory.appendingPathComponent("pg_ctl") }
    public var postgres: URL { directory.appendingPathComponent("postgres") }

    static let requiredPrograms = ["initdb", "pg_ctl", "postgres"]

    /// The directories searched when the caller names none.
    public static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// Finds the server programs, or throws ``EmbeddedPostgresError/binariesNotFound``.
    /// `searchPath` is a shell's `PATH`: where `pg_config` and, last, the programs themselves are
    /// looked for (default ``defaultSearchPath``).
    public static func locate(searchPath: String? = nil) throws(EmbeddedPostgresError) -> PostgresBinaries {
        let searchPath = searchPath ?? defaultSearchPath
        return try locate(
            pgConfigBinDirectory: { pgConfigBinDirectory(searchPath: searchPath) },
            versionedRoot: "/usr/lib/postgresql",
            searchPath: searchPath
        )
    }

    /// The lookup with every source injectable, so tests can simulate a machine without PostgreSQL.
    static func locate(
        pgConfigBinDirectory: () -> String?,
        versionedRoot: String,
        searchPath: String
    ) throws(EmbeddedPostgresError) -> PostgresBinaries {
        var candidates: [String] = []
        if let directory = pgConfigBinDirectory() {
            candidates.append(directory)
        }
        candidates += versionedDirectories(under: versionedRoot)
        candidates += searchPath.split(separator: ":").map(String.init)
        for directory in candidates where hasAllPrograms(directory) {
            return PostgresBinaries(directory: URL(fileURLWithPath: directory, isDirectory: true))
        }
        throw .binariesNotFound
    }

    /// `/usr/lib/postgresql/<version>/bin`, highest version first.
    static func versionedDirectories(under root: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        let versions: [(name: String, key: [Int])] = names.compactMap { name in
            let parts = name.split(separator: ".").map { Int($0) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
            return (name, parts.compactMap { $0 })
        }
        return
            versions
            .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            .reversed()
            .map { "\(root)/\($0.name)/bin" }
    }

    static func hasAllPrograms(_ directory: String) -> Bool {
        requiredPrograms.allSatisfy { FileManager.default.isExecutableFile(atPath: "\(directory)/\($0)") }
    }

    private static func pgConfigBinDirectory(searchPath: String) -> String? {
        let pgConfig = searchPath.split(separator: ":")
            .map { "\($0)/pg_config" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let pgConfig,
            let result = try? CommandRunner.runSynchronously(pgConfig, ["--bindir"]),
            result.status == 0
        else { return nil }
        let directory = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        return directory.isEmpty ? nil : directory
    }
}

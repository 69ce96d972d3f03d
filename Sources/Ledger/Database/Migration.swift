import Crypto
import Foundation

/// A numbered schema migration from `sql/` (`0001_foundation.sql`), embedded in the binary at build
/// time so that every `procure` knows exactly the schema it was built for.
public struct Migration: Sendable, Hashable {
    public let version: Int
    /// The file name, e.g. `0001_foundation.sql`.
    public let name: String
    public let sql: String

    /// Every migration this binary carries, in version order.
    public static let all: [Migration] =
        embeddedMigrations.compactMap { Migration(file: $0.file, sql: $0.sql) }.sorted { $0.version < $1.version }

    init?(file: String, sql: String) {
        guard let underscore = file.firstIndex(of: "_"), let version = Int(file[..<underscore]) else {
            return nil
        }
        self.version = version
        self.name = file
        self.sql = sql
    }

    /// SHA-256 of the text, recorded when applied, so an edited migration is noticed.
    var checksum: Data { Data(SHA256.hash(data: Array(sql.utf8))) }
}

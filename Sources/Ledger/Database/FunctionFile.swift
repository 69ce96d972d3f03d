import Crypto
import Foundation

/// A file of `sql/functions/` (`savings.sql`): the current definitions of one feature's functions
/// and triggers, embedded in the binary at build time like the migrations.
///
/// Migrations keep the schema's history, each with the definitions it made in its day; these files
/// say what runs today, once. Every statement is a `CREATE OR REPLACE`, so a file applies over any
/// earlier definition. ``Migrator`` applies a file after the migrations (it uses their tables) when
/// its text differs from the one recorded in `schema_functions`.
public struct FunctionFile: Sendable, Hashable {
    /// The file name, e.g. `savings.sql`.
    public let name: String
    public let sql: String

    /// Every function file this binary carries, in the order they apply (by name).
    public static let all: [FunctionFile] =
        embeddedFunctionFiles.map { FunctionFile(name: $0.file, sql: $0.sql) }.sorted { $0.name < $1.name }

    /// SHA-256 of the text, recorded when applied, so a changed file is applied again.
    var checksum: Data { Data(SHA256.hash(data: Array(sql.utf8))) }
}

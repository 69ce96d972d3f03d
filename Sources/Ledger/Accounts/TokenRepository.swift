import Crypto
import Foundation
import Logging
import PostgresNIO

/// A bearer token as listed to admins: never the token itself, which is shown once at creation.
public struct TokenRecord: Sendable, Hashable {
    public let id: Int64
    public let name: String
    public let role: Principal.Role
    public let createdAt: Date
    public let revokedAt: Date?
}

/// Why a token cannot be created or revoked.
public enum TokenError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknownMunicipality(MunicipalityCode)
    case invalidName
    case notFound(Int64)
    case alreadyRevoked(Int64)

    public var description: String { message.english }
}

/// Accounts and their bearer tokens.
///
/// A token is `prc_` followed by 256 random bits in base64url. Only its SHA-256 is stored, so a
/// copy of the database does not let anyone call the API; looking a token up by its hash also
/// means no comparison of secrets happens in application code.
public struct TokenRepository: Sendable {
    static let prefix = "prc_"

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Creates an account and returns its record and the token, which is not stored anywhere.
    public func create(name: String, role: Principal.Role) async throws -> (record: TokenRecord, token: String) {
        let name = name.trimmingWhitespace()
        guard !name.isEmpty, name.count <= 200 else { throw TokenError.invalidName }
        if case .member(let code) = role {
            let exists = try await client.liveQuery(
                "SELECT 1 FROM municipalities WHERE code = \(code.rawValue)", logger: logger)
            var found = false
            for try await _ in exists { found = true }
            guard found else { throw TokenError.unknownMunicipality(code) }
        }
        let token = Self.prefix + Base64URL.encode(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        let rows = try await client.liveQuery(
            """
            INSERT INTO api_tokens (name, role, municipality_code, token_hash)
            VALUES (\(name), \(role.storedName), \(role.municipalityCode), \(Self.hash(token)))
            RETURNING id, created_at
            """,
            logger: logger
        )
        for try await (id, createdAt) in rows.decode((Int64, Date).self) {
            return (TokenRecord(id: id, name: name, role: role, createdAt: createdAt, revokedAt: nil), token)
        }
        throw StorageError.unexpectedValue("INSERT INTO api_tokens returned no row")
    }

    /// The principal of a valid, unrevoked token, or nil.
    public func authenticate(_ token: String) async throws -> Principal? {
        guard token.hasPrefix(Self.prefix), token.utf8.count < 200 else { return nil }
        // Every request asks this: prepared, it is parsed and planned once per connection.
        let rows = try await client.run(
            AuthenticateStatement(query: try Self.authenticateQuery(Self.hash(token))), logger: logger)
        for row in rows {
            let (id, name, role, municipality) = try row.decode((Int64, String, String, String?).self)
            return Principal(tokenID: id, name: name, role: try Self.role(role, municipality))
        }
        return nil
    }

    static func authenticateQuery(_ hash: Data) throws -> PostgresQuery {
        try "SELECT id, name, role, municipality_code FROM api_tokens WHERE token_hash = \(hash) AND revoked_at IS NULL"
    }

    /// Every token, newest first.
    public func list() async throws -> [TokenRecord] {
        let rows = try await client.liveQuery(
            "SELECT id, name, role, municipality_code, created_at, revoked_at FROM api_tokens ORDER BY id DESC",
            logger: logger
        )
        var records: [TokenRecord] = []
        for try await (id, name, role, municipality, createdAt, revokedAt) in rows.decode(
            (Int64, String, String, String?, Date, Date?).self)
        {
            records.append(
                TokenRecord(
                    id: id, name: name, role: try Self.role(role, municipality), createdAt: createdAt,
                    revokedAt: revokedAt))
        }
        return records
    }

    /// Revokes a token: from now on it gets 401. Revocation is final.
    public func revoke(id: Int64) async throws {
        let rows = try await client.liveQuery(
            """
            UPDATE api_tokens SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING id
            """,
            logger: logger
        )
        var revoked = false
        for try await _ in rows { revoked = true }
        if revoked { return }
        let existing = try await client.liveQuery("SELECT 1 FROM api_tokens WHERE id = \(id)", logger: logger)
        for try await _ in existing { throw TokenError.alreadyRevoked(id) }
        throw TokenError.notFound(id)
    }

    static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Array(token.utf8))) }

    static func role(_ stored: String, _ municipality: String?) throws -> Principal.Role {
        switch (stored, municipality) {
        case ("admin", nil): return .admin
        case ("member", .some(let code)): return .member(try MunicipalityCode(code))
        default: throw StorageError.unexpectedValue("api_tokens.role = \(stored)")
        }
    }
}

extension Principal.Role {
    var storedName: String {
        switch self {
        case .member: "member"
        case .admin: "admin"
        }
    }

    var municipalityCode: String? {
        if case .member(let code) = self { return code.rawValue }
        return nil
    }
}

struct AuthenticateStatement: PreparedQuery {
    static let sql = (try? TokenRepository.authenticateQuery(Data()).sql) ?? ""
    let query: PostgresQuery
}

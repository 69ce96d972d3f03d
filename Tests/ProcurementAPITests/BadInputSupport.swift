import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import ProcureTestSupport
import ProcurementAPI
import ProcurementClient
import Testing

/// A request the API must refuse, and how: the status and the problem's stable code.
struct BadRequestCase: Sendable, CustomStringConvertible {
    let name: String
    let method: HTTPRequest.Method
    let path: String
    let body: [UInt8]?
    let status: HTTPResponse.Status
    let code: String
    var headers: HTTPFields = [:]

    init(
        _ name: String, _ method: HTTPRequest.Method, _ path: String, body: [UInt8]?, _ status: HTTPResponse.Status,
        _ code: String, headers: HTTPFields = [:]
    ) {
        self.name = name
        self.method = method
        self.path = path
        self.body = body
        self.status = status
        self.code = code
        self.headers = headers
    }

    init(
        _ name: String, _ method: HTTPRequest.Method, _ path: String, json: String, _ status: HTTPResponse.Status,
        _ code: String, headers: HTTPFields = [:]
    ) {
        self.init(name, method, path, body: Array(json.utf8), status, code, headers: headers)
    }

    var description: String { "\(name): \(method) \(path)" }
}

/// Every row of every table, as one fingerprint per table: what "the database is unchanged"
/// compares.
struct DatabaseFingerprint: Equatable, CustomStringConvertible {
    let tables: [String: String]

    static func take(_ database: PostgresClient) async throws -> DatabaseFingerprint {
        var names: [String] = []
        let rows = try await database.query(
            """
            SELECT table_name::text FROM information_schema.tables
            WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
            """,
            logger: TestDatabase.logger)
        for try await name in rows.decode(String.self) { names.append(name) }
        var tables: [String: String] = [:]
        for name in names {
            // The names come from the catalog, not from a request.
            let query = PostgresQuery(
                unsafeSQL: """
                    SELECT count(*)::text || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')
                    FROM "\(name)" t
                    """)
            for try await fingerprint in try await database.query(query, logger: TestDatabase.logger).decode(
                String.self)
            {
                tables[name] = fingerprint
            }
        }
        return DatabaseFingerprint(tables: tables)
    }

    var description: String {
        tables.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n")
    }

    /// The tables whose rows differ from `other`'s.
    func changedTables(since other: DatabaseFingerprint) -> [String] {
        Set(tables.keys).union(other.tables.keys).filter { tables[$0] != other.tables[$0] }.sorted()
    }
}

extension TestClientProtocol {
    /// Sends `request` with `token` and checks it is refused as it says, with a problem document.
    func expectRefused(_ request: BadRequestCase, token: String) async throws {
        var headers = request.headers
        headers[.authorization] = "Bearer \(token)"
        if request.body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await execute(
            uri: request.path, method: request.method, headers: headers,
            body: request.body.map { ByteBuffer(bytes: $0) })
        #expect(response.status == request.status, "\(request): \(response.text)")
        #expect(
            response.headers[.contentType]?.hasPrefix("application/problem+json") == true,
            "\(request): \(response.headers[.contentType] ?? "no content type")")
        let code = try? response.decode(Components.Schemas.Problem.self).code
        #expect(code == request.code, "\(request): \(response.text)")
    }
}

/// Text that looks like an attack on a database, a browser or a terminal, and must be stored and
/// returned as it was written.
enum HostileText {
    static let samples: [String] = [
        "'; DROP TABLE contracts; --",
        "Robert'); DELETE FROM savings_entries WHERE ('1'='1",
        "\" OR 1=1 --",
        "<script>alert('予約')</script>",
        "<img src=x onerror=alert(1)>",
        "%00%27%22 ${jndi:ldap://x} {{7*7}} $(rm -rf /)",
        "\u{202E}txt.exe\u{202C} 右から左へ\u{200F}",
        "契約\\x00\\u0000 \\\\ バックスラッシュ",
        "ｶﾀｶﾅ ①②③ 髙橋 𠮷野家 👨‍👩‍👧",
        // Long, but within every field's limit (a vendor name has 300 characters at most).
        String(repeating: "長", count: 290),
    ]
}

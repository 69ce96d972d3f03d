import Foundation
import PostgresNIO

/// A PostgreSQL connection URL (`DATABASE_URL`, `TEST_DATABASE_URL`), parsed into a
/// `PostgresClient.Configuration`.
///
/// Accepted, following libpq's URI format:
///
///     postgres://user:password@host:5432/database?sslmode=require
///     postgresql://user@[::1]/database
///     postgres://user@%2Fvar%2Frun%2Fpostgresql/database      (Unix socket directory as host)
///     postgres://user@/database?host=/var/run/postgresql      (the same, as a parameter)
///
/// User, password, host and database are percent-decoded. The port defaults to 5432. A host that
/// starts with `/` is a Unix socket *directory*, as in libpq; the socket is `<dir>/.s.PGSQL.<port>`.
///
/// `sslmode` maps to PostgresNIO's TLS modes with libpq's meaning:
/// - `disable` — no TLS;
/// - `allow`, `prefer` — TLS if the server offers it, certificate not verified;
/// - `require` — TLS or fail, certificate not verified (managed servers often use private CAs);
/// - `verify-ca` — TLS, certificate chain verified against the system trust store;
/// - `verify-full` — additionally checks the host name.
///
/// Unlike libpq, **without `sslmode` no TLS is used** (`disable`, not `prefer`): PostgresNIO's
/// "prefer" verifies certificates, so a self-signed server would fail where libpq would connect.
/// Give `sslmode=require` (or stronger) for servers reached over a network.
///
/// Errors never contain the password.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode` values.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// Where the server is.
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// `path` is the socket file itself (`<dir>/.s.PGSQL.<port>`).
        case unixSocket(path: String)
    }

    public var endpoint: Endpoint
    public var username: String
    public var password: String?
    public var database: String?
    /// `nil` when the URL has no `sslmode` (which means no TLS; see the type's documentation).
    public var sslMode: SSLMode?

    /// Parses `string`, throwing a ``DatabaseURLError`` that says what is wrong.
    public init(_ string: String) throws(DatabaseURLError) {
        let text = string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = text.range(of: "://") else { throw .notAURL }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else { throw .unsupportedScheme(String(scheme)) }

        var rest = Substring(text[schemeEnd.upperBound...])
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        // Credentials end at the last "@": an unencoded "@" or "/" in a password is a common slip,
        // and splitting elsewhere would show part of the password as a host or port in errors.
        var userInfo: Substring?
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        let authority = rest

        var username: String?
        var password: String?
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                username = try Self.decode(userInfo[..<colon], part: "user name")
                password = try Self.decode(userInfo[userInfo.index(after: colon)...], part: "password")
            } else {
                username = try Self.decode(userInfo, part: "user name")
            }
        }

        var (host, port) = try Self.splitHostAndPort(authority)
        var database = path.isEmpty ? nil : try Self.decode(path, part: "database name")
        var sslMode: SSLMode?

        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(parts[0], part: "query parameter")
            let value = parts.count > 1 ? try Self.decode(parts[1], part: "value of \(key)") : ""
            switch key {
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else { throw .invalidSSLMode(value) }
                sslMode = mode
            case "host": host = value
            case "port": port = try Self.parsePort(value)
            case "user": username = value
            case "password": password = value
            case "dbname": database = value
            case "application_name", "connect_timeout": break  // harmless; PostgresNIO has its own defaults
            default: throw .unsupportedParameter(key)
            }
        }

        guard let username, !username.isEmpty else { throw .missingUsername }
        let resolvedPort = port ?? 5432
        if host.hasPrefix("/") {
            endpoint = .unixSocket(path: "\(host)/.s.PGSQL.\(resolvedPort)")
        } else if host.isEmpty {
            throw .missingHost
        } else {
            endpoint = .tcp(host: host, port: resolvedPort)
        }
        self.username = username
        self.password = password
        self.database = database?.isEmpty == true ? nil : database
        self.sslMode = sslMode
    }

    /// The configuration for `PostgresClient`.
    public var clientConfiguration: PostgresClient.Configuration {
        switch endpoint {
        case .unixSocket(let path):
            return PostgresClient.Configuration(
                unixSocketPath: path, username: username, password: password, database: database)
        case .tcp(let host, let port):
            return PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: tls)
        }
    }

    /// The TLS mode for `sslMode` (see the type's documentation).
    public var tls: PostgresClient.Configuration.TLS {
        func configuration(_ verification: CertificateVerification) -> TLSConfiguration {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = verification
            return configuration
        }
        switch tlsPolicy {
        case .disable: return .disable
        case .prefer(let verification): return .prefer(configuration(verification))
        case .require(let verification): return .require(configuration(verification))
        }
    }

    /// `tls` in a form that can be compared (PostgresNIO's TLS type cannot be inspected).
    enum TLSPolicy: Equatable {
        case disable
        case prefer(CertificateVerification)
        case require(CertificateVerification)
    }

    var tlsPolicy: TLSPolicy {
        switch sslMode {
        case nil, .disable: return .disable
        case .allow, .prefer: return .prefer(.none)
        case .require: return .require(.none)
        case .verifyCA: return .require(.noHostnameVerification)
        case .verifyFull: return .require(.fullVerification)
        }
    }

    /// The URL with the password replaced by `***`, safe for logs.
    public var description: String {
        let credentials = username.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? username
        let secret = password == nil ? "" : ":***"
        let location: String
        switch endpoint {
        case .tcp(let host, let port):
            location = (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        case .unixSocket(let path):
            location = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? path
        }
        let name = database.map { "/" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0) } ?? ""
        let mode = sslMode.map { "?sslmode=\($0.rawValue)" } ?? ""
        return "postgres://\(credentials)\(secret)@\(location)\(name)\(mode)"
    }

    private static func decode(_ text: Substring, part: String) throws(DatabaseURLError) -> String {
        guard let decoded = String(text).removingPercentEncoding else { throw .invalidPercentEncoding(part: part) }
        return decoded
    }

    private static func splitHostAndPort(_ authority: Substring) throws(DatabaseURLError) -> (String, Int?) {
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .invalidHost }
            let host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { throw .invalidHost }
            return (host, try parsePort(String(after.dropFirst())))
        }
        if authority.contains(",") { throw .multipleHosts }
        if let colon = authority.lastIndex(of: ":") {
            let host = try decode(authority[..<colon], part: "host")
            return (host, try parsePort(String(authority[authority.index(after: colon)...])))
        }
        return (try decode(authority, part: "host"), nil)
    }

    private static func parsePort(_ text: String) throws(DatabaseURLError) -> Int {
        guard let port = Int(text), (1...65535).contains(port) else { throw .invalidPort }
        return port
    }
}

/// Why a database URL could not be used. The descriptions never include the password.
public enum DatabaseURLError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    case notAURL
    case unsupportedScheme(String)
    case invalidPercentEncoding(part: String)
    case invalidHost
    case multipleHosts
    case missingHost
    case missingUsername
    case invalidPort
    case invalidSSLMode(String)
    case unsupportedParameter(String)

    public var description: String {
        let problem: String
        switch self {
        case .notAURL:
            problem = "expected postgres://user:password@host:port/database"
        case .unsupportedScheme(let scheme):
            problem = "unsupported scheme '\(scheme)'; use postgres:// or postgresql://"
        case .invalidPercentEncoding(let part):
            problem = "the \(part) has an invalid percent-encoding"
        case .invalidHost:
            problem = "the host is malformed (IPv6 addresses go in brackets: [::1]:5432)"
        case .multipleHosts:
            problem = "several hosts are not supported; give one host"
        case .missingHost:
            problem = "no host; give a host name, or a Unix socket directory with ?host=/path/to/dir"
        case .missingUsername:
            problem = "no user name; write postgres://user@host/database"
        case .invalidPort:
            // The text is not repeated: in a mistyped URL it may be part of the password.
            problem = "the port is not a number from 1 to 65535"
        case .invalidSSLMode(let mode):
            problem =
                "sslmode '\(mode)' is not one of "
                + DatabaseURL.SSLMode.allCases.map(\.rawValue).joined(separator: ", ")
        case .unsupportedParameter(let name):
            problem =
                "unsupported parameter '\(name)'; supported: sslmode, host, port, user, password, dbname, "
                + "application_name, connect_timeout"
        }
        return "invalid database URL: \(problem)"
    }

    public var errorDescription: String? { description }
}

import Testing

@testable import Ledger

@Suite("database URLs")
struct DatabaseURLTests {
    @Test("a full URL gives host, port, user, password, database and sslmode")
    func fullURL() throws {
        let url = try DatabaseURL("postgres://app:s3cret@db.example.org:6543/procure?sslmode=require")
        #expect(url.endpoint == .tcp(host: "db.example.org", port: 6543))
        #expect(url.username == "app")
        #expect(url.password == "s3cret")
        #expect(url.database == "procure")
        #expect(url.sslMode == .require)
        let configuration = url.clientConfiguration
        #expect(configuration.host == "db.example.org")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "app")
        #expect(configuration.password == "s3cret")
        #expect(configuration.database == "procure")
    }

    @Test("the postgresql scheme is accepted and the port defaults to 5432")
    func defaultPort() throws {
        let url = try DatabaseURL("postgresql://app@localhost/procure")
        #expect(url.endpoint == .tcp(host: "localhost", port: 5432))
        #expect(url.password == nil)
    }

    @Test("user, password and database are percent-decoded")
    func percentDecoding() throws {
        let url = try DatabaseURL("postgres://us%40er:p%40ss%2Fw%3Ard@localhost/my%20db")
        #expect(url.username == "us@er")
        #expect(url.password == "p@ss/w:rd")
        #expect(url.database == "my db")
    }

    @Test("an unencoded @ in the password still splits at the last @")
    func atInPassword() throws {
        let url = try DatabaseURL("postgres://app:p@ss@localhost:5433/db")
        #expect(url.password == "p@ss")
        #expect(url.endpoint == .tcp(host: "localhost", port: 5433))
    }

    @Test("an IPv6 host goes in brackets")
    func ipv6() throws {
        let url = try DatabaseURL("postgres://app@[::1]:5433/db")
        #expect(url.endpoint == .tcp(host: "::1", port: 5433))
    }

    @Test("a percent-encoded socket directory as host connects over a Unix socket")
    func socketAsHost() throws {
        let url = try DatabaseURL("postgres://procure@%2Fvar%2Frun%2Fpostgresql/procure")
        #expect(url.endpoint == .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5432"))
        #expect(url.clientConfiguration.unixSocketPath == "/var/run/postgresql/.s.PGSQL.5432")
    }

    @Test("a host parameter with a directory connects over a Unix socket on the given port")
    func socketAsParameter() throws {
        let url = try DatabaseURL("postgres://procure@/procure?host=/tmp/pg&port=5433")
        #expect(url.endpoint == .unixSocket(path: "/tmp/pg/.s.PGSQL.5433"))
    }

    @Test(
        "sslmode follows libpq: certificates are verified only with verify-ca and verify-full",
        arguments: [
            ("disable", DatabaseURL.TLSPolicy.disable),
            ("prefer", .prefer(.none)),
            ("require", .require(.none)),
            ("verify-ca", .require(.noHostnameVerification)),
            ("verify-full", .require(.fullVerification)),
        ])
    func sslModes(mode: String, policy: DatabaseURL.TLSPolicy) throws {
        let url = try DatabaseURL("postgres://app@db/procure?sslmode=\(mode)")
        #expect(url.tlsPolicy == policy)
    }

    @Test("without sslmode no TLS is used")
    func noSSLMode() throws {
        let url = try DatabaseURL("postgres://app@db/procure")
        #expect(url.sslMode == nil)
        #expect(url.tlsPolicy == .disable)
    }

    @Test("the description hides the password")
    func redacted() throws {
        let url = try DatabaseURL("postgres://app:s3cret@db:5432/procure?sslmode=require")
        #expect(url.description == "postgres://app:***@db:5432/procure?sslmode=require")
    }

    @Test(
        "a bad URL is refused with one line that says why and never shows the password",
        arguments: [
            ("mysql://app:s3cret@db/procure", DatabaseURLError.unsupportedScheme("mysql")),
            ("app:s3cret@db/procure", .notAURL),
            ("postgres://app:s3cret@db:99999/procure", .invalidPort),
            ("postgres://app:s3cret@db:port/procure", .invalidPort),
            ("postgres://app:s3cret/procure", .invalidPort),
            ("postgres://:s3cret@db/procure", .missingUsername),
            ("postgres://db/procure", .missingUsername),
            ("postgres://app:s3cret@/procure", .missingHost),
            ("postgres://app:s3cret@a,b/procure", .multipleHosts),
            ("postgres://app:s3cret@[::1/procure", .invalidHost),
            ("postgres://app:s3cret@db/procure?sslmode=always", .invalidSSLMode("always")),
            ("postgres://app:s3cret@db/procure?sslcert=x", .unsupportedParameter("sslcert")),
            ("postgres://app:s3cret%zz@db/procure", .invalidPercentEncoding(part: "password")),
        ])
    func badURLs(text: String, expected: DatabaseURLError) {
        #expect(throws: expected) { try DatabaseURL(text) }
        #expect(!expected.description.contains("s3cret"))
        #expect(!expected.description.contains("\n"))
        #expect(expected.description.hasPrefix("invalid database URL: "))
    }
}

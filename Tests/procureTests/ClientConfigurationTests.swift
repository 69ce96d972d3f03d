import Foundation
import Testing

@testable import procure

/// A fresh directory for one test; the test removes it with `defer { directory.remove() }`.
private struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/procure-config-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ text: String, to relativePath: String) throws {
        let file = path + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }
}

private func permissions(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require(attributes[.posixPermissions] as? Int)
}

private func configuration(_ url: String, _ token: String) throws -> ClientConfiguration {
    try ClientConfiguration(url: url, token: token)
}

@Suite("Client configuration file")
struct ClientConfigurationStoreTests {
    @Test("the config file lives under XDG_CONFIG_HOME when it is set")
    func honoursXDGConfigHome() {
        let store = ClientConfigurationStore(environment: ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"])
        #expect(store?.path == "/xdg/procure/config.json")
    }

    @Test("the config file defaults to ~/.config/procure/config.json")
    func defaultsToHome() {
        #expect(
            ClientConfigurationStore(environment: ["HOME": "/home/u"])?.path == "/home/u/.config/procure/config.json")
        #expect(ClientConfigurationStore(environment: ["HOME": "/"])?.path == "/.config/procure/config.json")
    }

    @Test("a relative XDG_CONFIG_HOME is ignored, as the XDG specification requires")
    func ignoresRelativeXDGConfigHome() {
        let store = ClientConfigurationStore(environment: ["XDG_CONFIG_HOME": "conf", "HOME": "/home/u"])
        #expect(store?.path == "/home/u/.config/procure/config.json")
    }

    @Test("without HOME or XDG_CONFIG_HOME there is no config file")
    func noHome() {
        #expect(ClientConfigurationStore(environment: [:]) == nil)
    }

    @Test("a saved configuration loads back")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = ClientConfigurationStore(path: directory.path + "/procure/config.json")
        let saved = try configuration("https://procure.example.jp/api", "secret-token")
        try store.save(saved)
        #expect(try store.load() == saved)
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text.contains("\"url\" : \"https://procure.example.jp/api\""))
    }

    @Test("the config file is created with mode 0600 in a directory with mode 0700")
    func modes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = ClientConfigurationStore(path: directory.path + "/config/procure/config.json")
        try store.save(try configuration("https://procure.example.jp", "secret-token"))
        #expect(try permissions(store.path) == 0o600)
        #expect(try permissions(directory.path + "/config/procure") == 0o700)
        #expect(try permissions(directory.path + "/config") == 0o700)
    }

    @Test("saving over a world-readable file leaves a 0600 file and no temporary files")
    func replacesAtomically() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("{}", to: "procure/config.json")
        let path = directory.path + "/procure/config.json"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)

        let store = ClientConfigurationStore(path: path)
        let saved = try configuration("http://localhost:8080", "new-token")
        try store.save(saved)

        #expect(try permissions(path) == 0o600)
        #expect(try store.load() == saved)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path + "/procure") == ["config.json"])
    }

    @Test("an absent config file loads as nothing saved")
    func absentFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(try ClientConfigurationStore(path: directory.path + "/procure/config.json").load() == nil)
    }

    @Test(
        "a malformed config file is a one-line error naming the file and the problem",
        arguments: [
            ("{not json", "not valid JSON"),
            ("", "not valid JSON"),
            ("[]", "expected a JSON object with \"url\" and \"token\""),
            (#"{"url": "https://procure.example.jp"}"#, "missing \"token\""),
            (#"{"url": 42, "token": "t"}"#, "\"url\" must be a string"),
            (#"{"url": "ftp://example.jp", "token": "t"}"#, "invalid server URL 'ftp://example.jp'"),
            (#"{"url": "https://example.jp", "token": " "}"#, "the token is empty"),
        ]
    )
    func malformedFile(contents: String, reason: String) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(contents, to: "config.json")
        let store = ClientConfigurationStore(path: directory.path + "/config.json")
        let error = try #require(throws: ClientConfigurationError.self) { try store.load() }
        let message = error.description
        #expect(message.hasPrefix("malformed config file \(store.path): \(reason)"))
        #expect(!message.contains("\n"))
    }

    @Test("a config file that cannot be read is an error, not a missing login")
    func unreadableFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try FileManager.default.createDirectory(
            atPath: directory.path + "/config.json", withIntermediateDirectories: true)
        let store = ClientConfigurationStore(path: directory.path + "/config.json")
        let error = try #require(throws: ClientConfigurationError.self) { try store.load() }
        #expect(error.description.hasPrefix("cannot read config file \(store.path): "))
    }
}

@Suite("Client configuration resolution")
struct ClientConfigurationResolutionTests {
    @Test("with nothing configured the error says how to log in")
    func notLoggedIn() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = try #require(throws: ClientConfigurationError.self) {
            try ClientConfiguration.resolve(environment: ["HOME": directory.path])
        }
        #expect(
            error.description
                == "not logged in: run 'procure login --url URL --token TOKEN' or set PROCURE_URL and PROCURE_TOKEN")
    }

    @Test("the saved login is used when no variable overrides it")
    func usesSavedLogin() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let saved = try configuration("https://procure.example.jp", "saved-token")
        try ClientConfigurationStore(path: directory.path + "/.config/procure/config.json").save(saved)
        #expect(try ClientConfiguration.resolve(environment: ["HOME": directory.path]) == saved)
    }

    @Test("XDG_CONFIG_HOME is where resolve looks for the saved login")
    func resolvesFromXDGConfigHome() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let saved = try configuration("https://procure.example.jp", "xdg-token")
        try ClientConfigurationStore(path: directory.path + "/xdg/procure/config.json").save(saved)
        let environment = ["HOME": directory.path + "/home", "XDG_CONFIG_HOME": directory.path + "/xdg"]
        #expect(try ClientConfiguration.resolve(environment: environment) == saved)
    }

    @Test("PROCURE_URL and PROCURE_TOKEN override the saved values one by one")
    func environmentOverrides() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try ClientConfigurationStore(path: directory.path + "/.config/procure/config.json")
            .save(try configuration("https://saved.example.jp", "saved-token"))

        let tokenOnly = try ClientConfiguration.resolve(environment: [
            "HOME": directory.path, "PROCURE_TOKEN": "env-token",
        ])
        #expect(tokenOnly == (try configuration("https://saved.example.jp", "env-token")))

        let urlOnly = try ClientConfiguration.resolve(environment: [
            "HOME": directory.path, "PROCURE_URL": "http://localhost:8080",
        ])
        #expect(urlOnly == (try configuration("http://localhost:8080", "saved-token")))
    }

    @Test("both variables configure the CLI without a config file, even a broken one")
    func environmentAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("{broken", to: ".config/procure/config.json")
        let resolved = try ClientConfiguration.resolve(environment: [
            "HOME": directory.path, "PROCURE_URL": "http://127.0.0.1:8080", "PROCURE_TOKEN": "env-token\n",
        ])
        #expect(resolved == (try configuration("http://127.0.0.1:8080", "env-token")))
        #expect(
            try ClientConfiguration.resolve(environment: ["PROCURE_URL": "https://a.jp", "PROCURE_TOKEN": "t"]).token
                == "t")
    }

    @Test("an empty variable counts as unset")
    func emptyVariable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try ClientConfigurationStore(path: directory.path + "/.config/procure/config.json")
            .save(try configuration("https://saved.example.jp", "saved-token"))
        let resolved = try ClientConfiguration.resolve(environment: ["HOME": directory.path, "PROCURE_TOKEN": ""])
        #expect(resolved.token == "saved-token")
    }

    @Test("a token without a URL is still not logged in")
    func tokenWithoutURL() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ClientConfigurationError.notLoggedIn) {
            try ClientConfiguration.resolve(environment: ["HOME": directory.path, "PROCURE_TOKEN": "t"])
        }
    }

    @Test("an invalid PROCURE_URL is rejected and the error names the variable")
    func invalidURLFromEnvironment() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try ClientConfigurationStore(path: directory.path + "/.config/procure/config.json")
            .save(try configuration("https://saved.example.jp", "saved-token"))
        let error = try #require(throws: ClientConfigurationError.self) {
            try ClientConfiguration.resolve(environment: ["HOME": directory.path, "PROCURE_URL": "localhost:8080"])
        }
        #expect(
            error.description
                == "invalid server URL 'localhost:8080': expected http(s)://HOST[:PORT][/PATH] (from PROCURE_URL)")
    }
}

@Suite("Client configuration values")
struct ClientConfigurationValueTests {
    @Test("a trailing slash is dropped so operation paths do not start with //")
    func dropsTrailingSlash() throws {
        #expect(
            try configuration("https://procure.example.jp/", "t").url.absoluteString == "https://procure.example.jp")
        #expect(try configuration("http://host:8080/api//", "t").url.absoluteString == "http://host:8080/api")
    }

    @Test(
        "a server URL must be http or https with a host and nothing after the path",
        arguments: [
            "", "procure.example.jp", "ftp://example.jp", "https://", "https://example.jp/?a=1",
            "https://example.jp/#top", "https://user:pw@example.jp",
        ]
    )
    func rejectsURL(url: String) {
        #expect(throws: ClientConfigurationError.invalidURL(url, source: "--url")) {
            try ClientConfiguration(url: url, token: "t", urlSource: "--url")
        }
    }

    @Test("a token with spaces or control characters is refused, surrounding blanks are trimmed")
    func token() throws {
        #expect(try configuration("https://a.jp", "  abc.DEF_-~+/=\n").token == "abc.DEF_-~+/=")
        #expect(throws: ClientConfigurationError.malformedToken(source: "--token")) {
            try ClientConfiguration(url: "https://a.jp", token: "abc def", tokenSource: "--token")
        }
        #expect(throws: ClientConfigurationError.malformedToken(source: nil)) {
            try ClientConfiguration(url: "https://a.jp", token: "abc\r\nX-Evil: 1")
        }
        #expect(throws: ClientConfigurationError.emptyToken(source: nil)) {
            try ClientConfiguration(url: "https://a.jp", token: "\n")
        }
    }

    @Test("printing a configuration does not show the token")
    func redactsToken() throws {
        let saved = try configuration("https://a.jp", "very-secret")
        #expect(!"\(saved)".contains("very-secret"))
        #expect(!String(reflecting: saved).contains("very-secret"))
    }

    @Test("login without HOME or XDG_CONFIG_HOME says what to set")
    func noConfigDirectory() {
        #expect(throws: ClientConfigurationError.noConfigDirectory) {
            try ClientConfigurationStore.located(environment: [:])
        }
        #expect(
            ClientConfigurationError.noConfigDirectory.description
                == "cannot locate the config file: set HOME or XDG_CONFIG_HOME")
    }
}

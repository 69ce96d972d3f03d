import Configuration
import Foundation
import Ledger

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which server the CLI talks to and with which token: what `procure login` saves and every
/// client command uses.
///
/// Only a valid configuration can exist: the URL is an absolute `http` or `https` URL with a host,
/// and the token is not empty.
struct ClientConfiguration: Sendable, Equatable {
    /// The API's base URL, e.g. `https://procure.example.jp`.
    let url: URL
    /// The bearer token sent with every request.
    let token: String

    /// Checks `url` and `token`; `urlSource` and `tokenSource` name where each came from, for the
    /// error message (`PROCURE_URL`, the config file's path, `--url`).
    ///
    /// A trailing `/` is dropped from the URL because the OpenAPI transport appends each
    /// operation's path (`/me`) to the base URL's path as it is, which would give `//me`. A query,
    /// fragment or user name would be silently dropped or sent where it does not belong, so they
    /// are refused.
    init(url: String, token: String, urlSource: String? = nil, tokenSource: String? = nil)
        throws(ClientConfigurationError)
    {
        let trimmedURL = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var components = URLComponents(string: trimmedURL),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil,
            components.user == nil, components.password == nil
        else {
            throw .invalidURL(url, source: urlSource)
        }
        while components.percentEncodedPath.hasSuffix("/") {
            components.percentEncodedPath.removeLast()
        }
        guard let parsed = components.url else { throw .invalidURL(url, source: urlSource) }

        let trimmedToken = token.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedToken.isEmpty else { throw .emptyToken(source: tokenSource) }
        // The token goes into an Authorization header: a space or control character in it is
        // a copy-and-paste accident, and a line break would split the header.
        guard trimmedToken.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw .malformedToken(source: tokenSource)
        }
        self.url = parsed
        self.token = trimmedToken
    }

    /// The configuration to use: the config file's values with `PROCURE_URL` and `PROCURE_TOKEN`
    /// taking precedence, each on its own (a CI job can point a saved login at another server).
    ///
    /// The file is not read when both variables are set, so a broken file does not get in the
    /// way of a fully configured environment.
    static func resolve(
        reader: ConfigReader = CLIConfiguration.reader
    ) throws(ClientConfigurationError) -> ClientConfiguration {
        let urlOverride = nonEmpty(reader.string(forKey: "procure.url"))
        let tokenOverride = nonEmpty(reader.string(forKey: "procure.token", isSecret: true))
        if let urlOverride, let tokenOverride {
            return try ClientConfiguration(
                url: urlOverride, token: tokenOverride, urlSource: EnvironmentKey.url, tokenSource: EnvironmentKey.token
            )
        }
        let store = ClientConfigurationStore(reader: reader)
        let saved = try store?.load()
        guard let url = urlOverride ?? saved?.url.absoluteString,
            let token = tokenOverride ?? saved?.token
        else {
            throw .notLoggedIn
        }
        return try ClientConfiguration(
            url: url, token: token,
            urlSource: urlOverride != nil ? EnvironmentKey.url : store?.path,
            tokenSource: tokenOverride != nil ? EnvironmentKey.token : store?.path)
    }

    /// ``resolve(reader:)`` on the variables `environment` holds (tests).
    static func resolve(environment: [String: String]) throws(ClientConfigurationError) -> ClientConfiguration {
        try resolve(reader: CLIConfiguration.reader(environment))
    }

    /// Names of the environment variables that override the saved configuration.
    enum EnvironmentKey {
        static let url = "PROCURE_URL"
        static let token = "PROCURE_TOKEN"
    }

    /// An unset and an empty variable mean the same: `PROCURE_TOKEN= procure …` should not
    /// send an empty token.
    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return value
    }
}

extension ClientConfiguration: CustomStringConvertible, CustomDebugStringConvertible {
    /// The URL only: the token must not end up in a log or an error message by accident.
    var description: String { "\(url.absoluteString) (token redacted)" }

    var debugDescription: String { "ClientConfiguration(url: \(url.absoluteString), token: <redacted>)" }
}

extension ClientConfiguration: Codable {
    private enum CodingKeys: String, CodingKey {
        case url
        case token
    }

    /// The file holds the URL as a plain string (Foundation would otherwise be free to choose
    /// how a `URL` is encoded) and is checked like any other input.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let url = try container.decode(String.self, forKey: .url)
        let token = try container.decode(String.self, forKey: .token)
        do throws(ClientConfigurationError) {
            try self.init(url: url, token: token)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: [], debugDescription: error.reason.english, underlyingError: error)
            )
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(url.absoluteString, forKey: .url)
        try container.encode(token, forKey: .token)
    }
}

/// The config file, `$XDG_CONFIG_HOME/procure/config.json` (by default
/// `~/.config/procure/config.json`).
///
/// It holds a bearer token, so it is written readable by its owner only: the file is created
/// with mode 0600 before the token is written to it, and its directory with 0700.
struct ClientConfigurationStore: Sendable {
    /// The config file's path.
    let path: String

    /// The store at `path` (tests use a temporary directory).
    init(path: String) {
        self.path = path
    }

    /// The store the XDG Base Directory rules give for `reader`'s `XDG_CONFIG_HOME` and `HOME`;
    /// nil when neither is set to an absolute path.
    init?(reader: ConfigReader) {
        guard let directory = Self.configDirectory(reader: reader) else { return nil }
        self.init(path: directory + "/procure/config.json")
    }

    /// The store for the variables `environment` holds (tests).
    init?(environment: [String: String]) {
        self.init(reader: CLIConfiguration.reader(environment))
    }

    /// The store for `reader`, or an error that says what to set (for `procure login`).
    static func located(
        reader: ConfigReader = CLIConfiguration.reader
    ) throws(ClientConfigurationError) -> ClientConfigurationStore {
        guard let store = ClientConfigurationStore(reader: reader) else { throw .noConfigDirectory }
        return store
    }

    /// ``located(reader:)`` for the variables `environment` holds (tests).
    static func located(environment: [String: String]) throws(ClientConfigurationError) -> ClientConfigurationStore {
        try located(reader: CLIConfiguration.reader(environment))
    }

    /// `XDG_CONFIG_HOME`, or `$HOME/.config`. The XDG specification says a relative
    /// `XDG_CONFIG_HOME` is invalid and must be ignored.
    static func configDirectory(reader: ConfigReader) -> String? {
        if let xdg = reader.string(forKey: "xdg.config.home"), xdg.hasPrefix("/") {
            return xdg
        }
        if let home = reader.string(forKey: "home"), home.hasPrefix("/") {
            return (home.hasSuffix("/") ? String(home.dropLast()) : home) + "/.config"
        }
        return nil
    }

    /// The saved configuration, or nil when nothing has been saved.
    func load() throws(ClientConfigurationError) -> ClientConfiguration? {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return nil
        } catch {
            throw .unreadableFile(path: path, reason: Self.describe(error))
        }
        do {
            return try JSONDecoder().decode(ClientConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw .malformedFile(path: path, reason: Self.describe(error))
        } catch {
            throw .malformedFile(path: path, reason: "\(error)")
        }
    }

    /// Saves `configuration`, replacing any earlier one atomically: it is written to a new file
    /// in the same directory, created with mode 0600, flushed to disk, and renamed over the old
    /// one, so a reader sees either the old file or the complete new one and the token is never
    /// readable by anyone else, not even for a moment.
    func save(_ configuration: ClientConfiguration) throws(ClientConfigurationError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(configuration) + Data("\n".utf8)
        } catch {
            throw .unwritableFile(path: path, reason: "\(error)")
        }
        let directory = (path as NSString).deletingLastPathComponent
        try createDirectory(directory)

        let temporary = directory + "/.config.json.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        // O_EXCL: never write into a file someone else prepared; O_NOFOLLOW: nor through a link.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw .unwritableFile(path: path, reason: Self.lastErrorDescription())
        }
        do throws(ClientConfigurationError) {
            defer { close(descriptor) }
            // The umask can only remove permissions, but set the mode explicitly anyway so the
            // file is 0600 whatever the umask is, before any secret goes into it.
            guard fchmod(descriptor, 0o600) == 0 else {
                throw .unwritableFile(path: path, reason: Self.lastErrorDescription())
            }
            try Self.writeAll(data, to: descriptor, path: path)
            guard fsync(descriptor) == 0 else {
                throw .unwritableFile(path: path, reason: Self.lastErrorDescription())
            }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = Self.lastErrorDescription()
            unlink(temporary)
            throw .unwritableFile(path: path, reason: reason)
        }
    }

    /// Creates `directory` and any missing parents with mode 0700, as the XDG specification asks
    /// for configuration directories. Existing directories are left as they are.
    private func createDirectory(_ directory: String) throws(ClientConfigurationError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .unwritableFile(path: path, reason: "\(directory) is not a directory")
            }
            return
        }
        let parent = (directory as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != directory {
            try createDirectory(parent)
        }
        // mkdir applies the umask; chmod afterwards so the directory is 0700 exactly.
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw .unwritableFile(path: path, reason: "cannot create \(directory): \(Self.lastErrorDescription())")
        }
        _ = chmod(directory, 0o700)
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(ClientConfigurationError) {
        let failure: String? = data.withUnsafeBytes { buffer in
            guard var next = buffer.baseAddress else { return nil }
            var remaining = buffer.count
            while remaining > 0 {
                let written = write(descriptor, next, remaining)
                if written < 0 {
                    if errno == EINTR { continue }
                    return lastErrorDescription()
                }
                next += written
                remaining -= written
            }
            return nil
        }
        if let failure { throw .unwritableFile(path: path, reason: failure) }
    }

    private static func lastErrorDescription() -> String {
        String(cString: strerror(errno))
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
            return String(cString: strerror(underlying.code.rawValue))
        }
        return error.localizedDescription
    }

    /// A short reason for a decoding failure, for a one-line error.
    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _):
            "missing \"\(key.stringValue)\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            if let key = context.codingPath.last {
                "\"\(key.stringValue)\" must be a string"
            } else {
                "expected a JSON object with \"url\" and \"token\""
            }
        case .dataCorrupted(let context):
            // Our own check of the values (see `init(from:)`), or else the JSON itself is broken.
            if let invalid = context.underlyingError as? ClientConfigurationError {
                invalid.reason.local
            } else {
                "not valid JSON"
            }
        @unknown default:
            "not valid JSON"
        }
    }
}

/// Why the CLI has no usable configuration; each reads as one line after `error: `.
enum ClientConfigurationError: Error, Equatable, CustomStringConvertible {
    /// Neither a saved login nor `PROCURE_URL` and `PROCURE_TOKEN`.
    case notLoggedIn
    /// The config file exists but does not hold a configuration.
    case malformedFile(path: String, reason: String)
    /// The config file exists but cannot be read (permissions, a directory in its place).
    case unreadableFile(path: String, reason: String)
    /// Saving failed.
    case unwritableFile(path: String, reason: String)
    /// The server URL is not an absolute http(s) URL.
    case invalidURL(String, source: String?)
    /// The token is empty.
    case emptyToken(source: String?)
    /// The token has spaces, control characters or non-ASCII characters in it.
    case malformedToken(source: String?)
    /// Neither `HOME` nor `XDG_CONFIG_HOME` is set, so there is nowhere to save a login.
    case noConfigDirectory

    var description: String { message.english }

    /// The line the CLI prints.
    var message: Bilingual {
        switch self {
        case .notLoggedIn: CLIText.notLoggedIn
        case .malformedFile(let path, let reason): CLIText.malformedConfig(path, reason)
        case .unreadableFile(let path, let reason): CLIText.unreadableConfig(path, reason)
        case .unwritableFile(let path, let reason): CLIText.unwritableConfig(path, reason)
        case .noConfigDirectory: CLIText.noConfigDirectory
        case .invalidURL, .emptyToken, .malformedToken: reason + (source.map(CLIText.fromSource) ?? .verbatim(""))
        }
    }

    /// The problem without where it came from.
    var reason: Bilingual {
        switch self {
        case .invalidURL(let url, _): CLIText.invalidServerURL(url)
        case .emptyToken: CLIText.emptyToken
        case .malformedToken: CLIText.malformedToken
        default: message
        }
    }

    private var source: String? {
        switch self {
        case .invalidURL(_, let source), .emptyToken(let source), .malformedToken(let source): source
        default: nil
        }
    }
}

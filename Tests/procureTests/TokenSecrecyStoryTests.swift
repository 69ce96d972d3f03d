import Foundation
import ProcureTestSupport
import Testing

/// Tokens through the real binary at its most talkative log level: `procure serve`'s log and the
/// CLI's output never show one, whether the request succeeds, is refused or the token is revoked
/// or made up; `procure login` keeps a token only after the server accepted it, in a 0600 file.
/// And a participants-only note reaches no outsider in any of the CLI's output formats.
@Suite("token secrecy end to end", .serialized)
struct TokenSecrecyStoryTests {
    @Test("at trace level no token reaches procure serve's log or the CLI's output; login saves only a valid one")
    func tokensNeverPrinted() async throws {
        try await StoryServer.run(environment: ["PROCURE_LOG_LEVEL": "trace"]) { served in
            let utazu = try await served.client(
                "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
            let hashima = try await served.client(
                "admin", "token", "create", "--municipality", "212091", "--name", "情報政策課")
            let leaving = try await served.client("admin", "token", "create", "--admin", "--name", "異動済み職員")
            let listed = try await served.procure.run("admin", "token", "list", "--output", "json")
            #expect(listed.status == 0, "\(listed.standardError)")
            let leavingID = try #require(Self.tokenID(named: "異動済み職員", in: listed.standardOutput))
            let revoke = try await served.procure.run("admin", "token", "revoke", leavingID)
            #expect(revoke.status == 0, "\(revoke.standardError)")
            var madeUp = utazu
            madeUp.environment["PROCURE_TOKEN"] = "prc_" + String(repeating: "madeUp9", count: 6)

            var printed: [String] = [listed.standardOutput, listed.standardError, revoke.standardError]
            func run(_ client: ProcureBinary, _ arguments: [String], succeeds: Bool) async throws -> String {
                let finished = try await client.start(arguments).finish()
                #expect(
                    (finished.status == 0) == succeeds, "\(arguments): \(finished.status) \(finished.standardError)")
                printed += [finished.standardOutput, finished.standardError]
                return finished.standardOutput
            }

            _ = try await run(utazu, ["whoami"], succeeds: true)
            let added = try await run(
                utazu,
                [
                    "contracts", "add", "--vendor", "株式会社サンプル予約システムズ", "--category", "reservation_system",
                    "--title", "予約システム運用業務", "--amount", "1100000", "--tax-included", "--billing", "annual",
                    "--start", "2024-04-01", "--end", "2027-03-31", "--method", "negotiated", "--output", "json",
                ], succeeds: true)
            let contract = try #require(Self.object(added)?["id"] as? String)
            let vendor = try #require((Self.object(added)?["vendor"] as? [String: Any])?["id"] as? String)

            // A participants-only note reaches no outsider through any of the CLI's outputs.
            let opened = try await run(
                utazu,
                [
                    "cases", "open", "--vendor", vendor, "--category", "reservation_system", "--title", "保守費の共同交渉",
                    "--output", "json",
                ], succeeds: true)
            let caseID = try #require(Self.object(opened)?["id"] as? String)
            let privateNote = "参加団体限り: 上限額は現行の九割"
            _ = try await run(utazu, ["cases", "note", caseID, "--participants-only", privateNote], succeeds: true)
            let inside = try await run(utazu, ["cases", "timeline", caseID, "--output", "csv"], succeeds: true)
            #expect(inside.contains(privateNote), "the lead reads its own note")
            for format in ["table", "json", "csv"] {
                for command in [["cases", "list"], ["cases", "timeline", caseID], ["cases", "show", caseID]] {
                    let outside = try await run(hashima, command + ["--output", format], succeeds: true)
                    #expect(!outside.contains(privateNote), "\(command) --output \(format) showed the note")
                }
            }
            _ = try await run(hashima, ["contracts", "update", contract, "--amount", "1"], succeeds: false)
            _ = try await run(hashima, ["contracts", "show", "999999"], succeeds: false)
            _ = try await run(leaving, ["whoami"], succeeds: false)
            _ = try await run(madeUp, ["whoami"], succeeds: false)
            _ = try await run(madeUp, ["contracts", "list"], succeeds: false)

            // login keeps nothing for a token the server refuses, and a valid one in a 0600 file.
            let home = FileManager.default.temporaryDirectory.appending(path: "procure-login-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: home) }
            var login = served.procure
            login.environment["XDG_CONFIG_HOME"] = home.path
            let config = home.appending(path: "procure/config.json").path
            for refused in [leaving, madeUp] {
                let token = try #require(refused.environment["PROCURE_TOKEN"])
                _ = try await run(login, ["login", "--url", served.url, "--token", token], succeeds: false)
                #expect(!FileManager.default.fileExists(atPath: config), "a refused token is not saved")
            }
            let valid = try #require(utazu.environment["PROCURE_TOKEN"])
            _ = try await run(login, ["login", "--url", served.url, "--token", valid], succeeds: true)
            let attributes = try FileManager.default.attributesOfItem(atPath: config)
            #expect(attributes[.posixPermissions] as? Int == 0o600)

            let log = served.server.output.readStandardError()
            #expect(log.contains("trace") || log.contains("debug"), "the server logged at trace level")
            #expect(log.contains("/contracts/999999"), "the server logged the requests")
            for client in [utazu, hashima, leaving, madeUp] {
                let token = try #require(client.environment["PROCURE_TOKEN"])
                let secret = String(token.dropFirst("prc_".count))
                #expect(!log.contains(secret), "a token in procure serve's log")
                for output in printed {
                    #expect(!output.contains(secret), "a token in the CLI's output: \(output)")
                }
            }
        }
    }

    static func tokenID(named name: String, in json: String) -> String? {
        let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8))
        let items = (parsed as? [[String: Any]]) ?? ((parsed as? [String: Any])?["items"] as? [[String: Any]]) ?? []
        guard let id = items.first(where: { $0["name"] as? String == name })?["id"] else { return nil }
        return "\(id)"
    }

    static func object(_ json: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
    }
}

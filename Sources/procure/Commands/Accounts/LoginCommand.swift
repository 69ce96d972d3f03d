import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure login`: check a token against a server and save both for the other commands.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: HelpText.loginCommand.local,
        discussion: Discussion.login.local
    )

    @Option(help: ArgumentHelp(OptionHelp.serverURL.local))
    var url: String

    @Option(help: ArgumentHelp(OptionHelp.loginToken.local))
    var token: String

    func run() async throws {
        let configuration: ClientConfiguration
        let store: ClientConfigurationStore
        do {
            configuration = try ClientConfiguration(url: url, token: token, urlSource: "--url", tokenSource: "--token")
            store = try ClientConfigurationStore.located()
        } catch {
            throw CLIError(error.message)
        }
        let me = try await WhoamiCommand.fetchMe(APIClient(configuration))
        do {
            try store.save(configuration)
        } catch {
            throw CLIError(error.message)
        }
        print(DoneText.loggedIn(configuration.url.absoluteString, as: WhoamiCommand.describe(me)).local)
        StandardError.write(DoneText.savedTo(store.path).local + "\n")
    }
}

/// `procure whoami`: who the configured token belongs to.
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami",
        abstract: HelpText.whoamiCommand.local
    )

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let me = try await Self.fetchMe(try APIClient.configured())
        let detail = RecordDetail(
            fields: [
                Label.account: "\(me.name)",
                Label.role: Listing.Cell(me.role.word.local, plain: me.role.rawValue),
                Label.municipality: "\(me.municipality.map { "\($0.code) \(fullName($0))" } ?? "")",
                Label.tokenID: "\(me.tokenId)",
            ],
            item: me
        )
        print(try detail.render(output.output), terminator: "")
    }

    static func fetchMe(_ api: APIClient) async throws -> Components.Schemas.Me {
        return try await api.call({ try await $0.getMe() }).ok.body.json
    }

    /// `保健センター (member of 香川県 宇多津町)` or `調整担当 (admin)`.
    static func describe(_ me: Components.Schemas.Me) -> String {
        if let municipality = me.municipality {
            return Label.memberOf(me.name, fullName(municipality)).local
        }
        return "\(me.name) (\(me.role.word.local))"
    }
}

/// `香川県 宇多津町`, or `香川県` for a prefecture's own row.
func fullName(_ municipality: Components.Schemas.Municipality) -> String {
    municipality.kind == .prefecture ? municipality.name : "\(municipality.prefecture) \(municipality.name)"
}

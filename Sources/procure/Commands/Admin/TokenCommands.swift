import ArgumentParser
import Foundation
import Ledger
import ProcurementAPI

/// `procure admin token …`: accounts and their bearer tokens.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: HelpText.tokenCommand.local,
        subcommands: [CreateToken.self, ListTokens.self, RevokeToken.self]
    )
}

struct CreateToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: HelpText.createToken.local,
        discussion: Discussion.createToken.local
    )

    @Option(help: ArgumentHelp(OptionHelp.tokenMunicipality.local))
    var municipality: String?

    @Flag(help: ArgumentHelp(OptionHelp.tokenAdmin.local))
    var admin = false

    @Option(help: ArgumentHelp(OptionHelp.tokenName.local))
    var name: String

    @OptionGroup var options: AdminOptions

    func validate() throws {
        if admin == (municipality != nil) {
            throw ValidationError(CLIText.tokenOwner.local)
        }
    }

    func run() async throws {
        let role: Principal.Role
        if let municipality {
            do {
                role = .member(try MunicipalityCode(municipality))
            } catch {
                throw CLIError(error.message)
            }
        } else {
            role = .admin
        }
        let logger = CLILogging.logger(defaultLevel: .warning)
        let name = self.name
        let (record, token, municipalityName) = try await options.location().withClient(logger: logger) { client in
            let (record, token) = try await TokenRepository(client: client, logger: logger).create(
                name: name, role: role)
            var municipalityName: String?
            if case .member(let code) = role {
                municipalityName = try await MunicipalityRepository(client: client, logger: logger).find(code)?.fullName
            }
            return (record, token, municipalityName)
        }
        StandardError.write(
            DoneText.createdToken(String(record.id), name: record.name, municipality: municipalityName).local + "\n")
        print(token)
    }
}

struct ListTokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: HelpText.listTokens.local
    )

    @OptionGroup var output: OutputOptions
    @OptionGroup var options: AdminOptions

    func run() async throws {
        let logger = CLILogging.logger(defaultLevel: .warning)
        let records = try await options.location().withClient(logger: logger) { client in
            try await TokenRepository(client: client, logger: logger).list()
        }
        let items = records.map(TokenItem.init)
        let listing = Listing(
            columns: [
                .right(Heading.id), .left(Heading.name), .left(Heading.role), .left(Heading.municipality),
                .left(Heading.created), .left(Heading.revoked),
            ],
            rows: zip(items, records).map { item, record in
                [
                    Listing.Cell(item.id.description), Listing.Cell(item.name),
                    Listing.Cell(LedgerText.role(admin: item.role == "admin").local, plain: item.role),
                    Listing.Cell(item.municipality ?? ""),
                    Listing.Cell(japanTime(record.createdAt), plain: item.createdAt),
                    Listing.Cell(record.revokedAt.map(japanTime) ?? "", plain: item.revokedAt ?? ""),
                ]
            },
            items: items
        )
        print(try listing.render(output.output), terminator: "")
    }

    /// A token as `--output json` prints it.
    struct TokenItem: Encodable, Sendable {
        let id: Int64
        let name: String
        let role: String
        let municipality: String?
        let createdAt: String
        let revokedAt: String?

        init(_ record: TokenRecord) {
            id = record.id
            name = record.name
            switch record.role {
            case .admin:
                role = "admin"
                municipality = nil
            case .member(let code):
                role = "member"
                municipality = code.rawValue
            }
            createdAt = record.createdAt.formatted(.iso8601)
            revokedAt = record.revokedAt?.formatted(.iso8601)
        }
    }
}

struct RevokeToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: HelpText.revokeToken.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.tokenID.local))
    var id: Int64

    @OptionGroup var options: AdminOptions

    func run() async throws {
        let logger = CLILogging.logger(defaultLevel: .warning)
        let id = self.id
        do {
            try await options.location().withClient(logger: logger) { client in
                try await TokenRepository(client: client, logger: logger).revoke(id: id)
            }
        } catch let error as TokenError {
            throw CLIError(error.message)
        }
        StandardError.write(DoneText.revokedToken(String(id)).local + "\n")
    }
}

import ArgumentParser
import Ledger
import ProcurementClient

/// `procure municipalities …`: the registry of local governments.
struct MunicipalitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "municipalities",
        abstract: HelpText.municipalitiesCommand.local,
        subcommands: [ListMunicipalities.self, ShowMunicipality.self]
    )
}

struct ListMunicipalities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: HelpText.listMunicipalities.local,
        discussion: Discussion.listMunicipalities.local
    )

    @Option(help: ArgumentHelp(OptionHelp.prefecture.local))
    var prefecture: String?

    @Option(help: ArgumentHelp(OptionHelp.municipalitySearch.local))
    var search: String?

    @Option(help: ArgumentHelp(OptionHelp.limit.local))
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError(CLIText.limitAtLeastOne.local) }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let items = try await collectPages(limit: limit) { pageSize, cursor in
            let response = try await api.call {
                try await $0.listMunicipalities(
                    query: .init(prefecture: prefecture, search: search, limit: pageSize, cursor: cursor))
            }
            let page = try response.ok.body.json
            return (page.items, page.nextCursor)
        }

        let listing = Listing(
            columns: [
                .left(Heading.code), .left(Heading.prefecture), .left(Heading.name), .left(Heading.kana),
                .left(Heading.kind),
            ],
            rows: items.map {
                [
                    Listing.Cell($0.code), Listing.Cell($0.prefecture), Listing.Cell($0.name), Listing.Cell($0.kana),
                    Listing.Cell($0.kind.word.local, plain: $0.kind.rawValue),
                ]
            },
            items: items
        )
        print(try listing.render(output.output), terminator: "")
    }
}

struct ShowMunicipality: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: HelpText.showMunicipality.local,
        discussion: Discussion.showMunicipality.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.municipalityCodeOrName.local))
    var code: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let municipality: Components.Schemas.Municipality
        if code.allSatisfy({ $0.isASCII && $0.isNumber }) {
            municipality = try await api.call({ try await $0.getMunicipality(path: .init(code: code)) }).ok.body.json
        } else {
            municipality = try await Self.named(code, api: api)
        }
        if output.output == .table {
            print("\(fullName(municipality)) (\(municipality.kana))")
        }
        let detail = RecordDetail(
            fields: [
                Label.code: "\(municipality.code)",
                Label.prefecture: "\(municipality.prefecture)",
                Label.name: "\(municipality.name)",
                Label.kana: "\(municipality.kana)",
                Label.kind: Listing.Cell(municipality.kind.word.local, plain: municipality.kind.rawValue),
            ],
            item: municipality
        )
        print(try detail.render(output.output), terminator: "")
    }
}

extension ShowMunicipality {
    /// The one local government `name` names: its name or reading exactly (or, failing that, the
    /// only one the search finds), compared as the search compares them; several are listed.
    static func named(_ name: String, api: APIClient) async throws -> Components.Schemas.Municipality {
        let page = try await api.call {
            try await $0.listMunicipalities(query: .init(search: name, limit: 50))
        }.ok.body.json
        let key = SearchText.normalise(name)
        let exact = page.items.filter { item in
            [item.name, item.kana, item.prefecture + item.name].contains { SearchText.normalise($0) == key }
        }
        let candidates = exact.isEmpty ? page.items : exact
        if candidates.count == 1, let only = candidates.first { return only }
        if candidates.isEmpty { throw CLIError(CLIText.noMunicipalityNamed(name)) }
        let listed = candidates.prefix(10).map { "\($0.code) \(fullName($0))" }.joined(separator: ", ")
        throw CLIError(CLIText.severalMunicipalities(name, listed))
    }
}

import ArgumentParser
import Ledger
import ProcurementClient

/// `procure municipalities …`: the registry of local governments.
struct MunicipalitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "municipalities",
        abstract: "Look up Japan's local governments by code, prefecture, name or reading.",
        subcommands: [ListMunicipalities.self, ShowMunicipality.self]
    )
}

struct ListMunicipalities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List local governments in code order.",
        discussion: """
            Examples: procure municipalities list --prefecture 香川県
                      procure municipalities list --search うたづ
            """
    )

    @Option(help: "Only this prefecture: its name (香川県, 香川) or code (37).")
    var prefecture: String?

    @Option(help: "Part of a name or its reading, in kanji, katakana or hiragana.")
    var search: String?

    @Option(help: "Print at most this many (default: all).")
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
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
        abstract: "Show one local government by its 6-digit code.",
        discussion: "Example: procure municipalities show 373869"
    )

    @Argument(help: "The 6-digit local-government code, check digit included (e.g. 373869).")
    var code: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let municipality: Components.Schemas.Municipality
        municipality = try await api.call({ try await $0.getMunicipality(path: .init(code: code)) }).ok.body.json
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

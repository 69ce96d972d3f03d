import ArgumentParser
import Ledger
import ProcurementClient

/// `procure categories …`: what municipalities buy.
struct CategoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "categories",
        abstract: HelpText.categoriesCommand.local,
        subcommands: [ListCategories.self, AddCategory.self]
    )

    /// The columns `list` and `add` print.
    static func listing(_ categories: [Components.Schemas.Category]) -> Listing {
        Listing(
            columns: [.left(Heading.code), .left(Heading.nameJa), .left(Heading.nameEn), .left(Heading.builtIn)],
            rows: categories.map {
                [
                    Listing.Cell($0.code), Listing.Cell($0.nameJa), Listing.Cell($0.nameEn),
                    Listing.Cell(($0.builtin ? CLIWords.yes : CLIWords.no).local, plain: $0.builtin ? "yes" : "no"),
                ]
            },
            items: categories
        )
    }
}

struct ListCategories: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: HelpText.listCategories.local,
        discussion: Discussion.listCategories.local
    )

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let categories: [Components.Schemas.Category]
        let ok = try await api.call({ try await $0.listCategories() }).ok
        categories = try ok.body.json.items
        print(try CategoriesCommand.listing(categories).render(output.output), terminator: "")
    }
}

struct AddCategory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: HelpText.addCategory.local,
        discussion: Discussion.addCategory.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.categoryCode.local))
    var code: String

    @Option(help: ArgumentHelp(OptionHelp.categoryNameJapanese.local))
    var nameJa: String

    @Option(help: ArgumentHelp(OptionHelp.categoryNameEnglish.local))
    var nameEn: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let body = Components.Schemas.NewCategory(code: code, nameJa: nameJa, nameEn: nameEn)
        let category: Components.Schemas.Category
        category = try await api.call({ try await $0.createCategory(body: .json(body)) }).created.body.json
        print(try CategoriesCommand.listing([category]).render(output.output), terminator: "")
    }
}

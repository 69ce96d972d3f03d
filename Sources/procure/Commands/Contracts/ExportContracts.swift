import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure contracts export --out 契約一覧.xlsx`: a municipality's register as a workbook that
/// can be edited in Excel and imported again.
struct ExportContracts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: HelpText.exportContracts.local,
        discussion: Discussion.exportContracts.local
    )

    @Option(help: ArgumentHelp(OptionHelp.exportMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.exportOut.local, valueName: "FILE.xlsx"))
    var out: String

    func validate() throws {
        if !OutputEncoding.isWorkbookName(out) { throw ValidationError(CLIText.outNotXLSX.local) }
    }

    func run() async throws {
        let destination = URL(fileURLWithPath: out)
        try OutputEncoding.checkFolder(of: destination)
        let api = try APIClient.configured()
        let code: String
        if let municipality {
            code = municipality
        } else {
            let me = try await api.call({ try await $0.getMe() }).ok.body.json
            guard let own = me.municipality?.code else { throw CLIError(CLIText.exportNeedsMunicipality) }
            code = own
        }
        let contracts = try await collectPages(limit: nil) { pageSize, cursor in
            let query = Operations.ListContracts.Input.Query(municipality: code, limit: pageSize, cursor: cursor)
            let page = try await api.call({ try await $0.listContracts(query: query) }).ok.body.json
            return (page.items, page.nextCursor)
        }
        let categories = CategoryNames(try await api.call({ try await $0.listCategories() }).ok.body.json.items)
        print(
            try ContractWorkbook.write(contracts, categories: categories, to: destination),
            terminator: "")
    }
}

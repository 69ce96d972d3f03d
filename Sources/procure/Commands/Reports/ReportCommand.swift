import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure report …`: reports over the network's data.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: HelpText.reportCommand.local,
        subcommands: [SavingsReportCommand.self]
    )
}

/// What `procure report savings --by` accepts: the API's groupings, spelled for a command line.
enum SavingsGroupingArgument: String, CaseIterable, ExpressibleByArgument {
    case fiscalYear = "fiscal-year"
    case municipality
    case prefecture
    case vendor
    case category
    case `case`

    var api: Components.Schemas.SavingsGrouping {
        switch self {
        case .fiscalYear: .fiscalYear
        case .municipality: .municipality
        case .prefecture: .prefecture
        case .vendor: .vendor
        case .category: .category
        case .case: ._case
        }
    }
}

/// `procure report savings --by fiscal-year …`.
struct SavingsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "savings",
        abstract: HelpText.savingsReportCommand.local,
        discussion: Discussion.savingsReport.local
    )

    @Option(help: ArgumentHelp(OptionHelp.savingsReportBy.local))
    var by: SavingsGroupingArgument = .fiscalYear

    @Option(help: ArgumentHelp(OptionHelp.fiscalYear.local))
    var fiscalYear: Int32?

    @Option(help: ArgumentHelp(OptionHelp.fromFiscalYear.local))
    var fromFiscalYear: Int32?

    @Option(help: ArgumentHelp(OptionHelp.toFiscalYear.local))
    var toFiscalYear: Int32?

    @Option(help: ArgumentHelp(OptionHelp.reportMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.reportVendor.local))
    var vendor: String?

    @Option(name: .customLong("case"), help: ArgumentHelp(OptionHelp.reportCase.local))
    var caseID: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if fiscalYear != nil, fromFiscalYear != nil || toFiscalYear != nil {
            throw ValidationError(CLIText.fiscalYearIsOneYear.local)
        }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let query = Operations.GetSavingsReport.Input.Query(
            groupBy: by.api, fromFiscalYear: fiscalYear ?? fromFiscalYear, toFiscalYear: fiscalYear ?? toFiscalYear,
            municipality: municipality, vendor: vendor, _case: caseID)
        let ok = try await api.call({ try await $0.getSavingsReport(query: query) }).ok
        print(try SavingsText.report(try ok.body.json).render(output.output), terminator: "")
    }
}

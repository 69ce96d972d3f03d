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
        discussion: """
            Baseline, negotiated amount, savings and savings rate per group, reversals netted out, and \
            the network total on the last line.
            Examples: procure report savings --by fiscal-year
                      procure report savings --by municipality --fiscal-year 2025 --output csv
            """
    )

    @Option(help: "Group by fiscal-year, municipality, prefecture, vendor, category or case.")
    var by: SavingsGroupingArgument = .fiscalYear

    @Option(help: "Only this fiscal year (FY2024 = 2024-04-01 … 2025-03-31).")
    var fiscalYear: Int32?

    @Option(help: "Only fiscal years from this one.")
    var fromFiscalYear: Int32?

    @Option(help: "Only fiscal years up to this one.")
    var toFiscalYear: Int32?

    @Option(help: "Only this municipality (its 6-digit code).")
    var municipality: String?

    @Option(help: "Only this vendor (its id).")
    var vendor: String?

    @Option(name: .customLong("case"), help: "Only this case (its id).")
    var caseID: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if fiscalYear != nil, fromFiscalYear != nil || toFiscalYear != nil {
            throw ValidationError("--fiscal-year is one year; for a range use --from-fiscal-year and --to-fiscal-year")
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

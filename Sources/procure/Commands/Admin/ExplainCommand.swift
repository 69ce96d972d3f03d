import ArgumentParser
import Ledger
import ProcurementAPI

/// `procure admin explain`: the plan PostgreSQL uses for a peer report, run for real.
struct ExplainCommand: AsyncParsableCommand {
    enum Report: String, ExpressibleByArgument, CaseIterable {
        case peers, footprint, renewals
    }

    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: HelpText.explainCommand.local,
        discussion: """
            Runs each of the report's statements exactly as the API sends it, under EXPLAIN (ANALYZE, \
            BUFFERS), and prints the plans, each after a line naming its statement, with real row counts \
            and timings: to check that a report reads its indexes rather than scanning the contracts table.
            Examples: procure admin explain peers --municipality 373869
                      procure admin explain footprint --vendor 12
                      procure admin explain renewals --municipality 373869 --within 180
            """
    )

    @Argument(help: "The report: peers, footprint or renewals.")
    var report: Report

    @Option(help: "The municipality (peers, renewals; for footprint, whose contracts to place).")
    var municipality: String?

    @Option(help: "The vendor id (footprint; for peers, a filter).")
    var vendor: Int64?

    @Option(help: "The report's day (YYYY-MM-DD); today in Japan by default.")
    var asOf: String?

    @Option(help: "Renewals: the window in days.")
    var within = RenewalQuery.defaultWithinDays

    @OptionGroup var options: AdminOptions

    func validate() throws {
        switch report {
        case .peers, .renewals:
            if municipality == nil { throw ValidationError("\(report.rawValue) needs --municipality CODE") }
        case .footprint:
            if vendor == nil { throw ValidationError("footprint needs --vendor ID") }
        }
        if let asOf, BusinessDate(asOf) == nil { throw ValidationError("--as-of '\(asOf)' is not a date (YYYY-MM-DD)") }
        if !RenewalQuery.withinDaysRange.contains(within) {
            throw ValidationError(
                "--within must be \(RenewalQuery.withinDaysRange.lowerBound) to "
                    + "\(RenewalQuery.withinDaysRange.upperBound)")
        }
    }

    func run() async throws {
        let date = asOf.flatMap(BusinessDate.init) ?? BusinessDate.todayInJapan()
        var code: MunicipalityCode?
        if let municipality {
            do {
                code = try MunicipalityCode(municipality)
            } catch {
                throw CLIError(error.message)
            }
        }
        let request: PeerReportRequest
        switch (report, code, vendor) {
        case (.peers, .some(let code), _):
            request = .peers(PeerQuery(municipality: code, asOf: date, vendorID: vendor))
        case (.renewals, .some(let code), _):
            request = .renewals(RenewalQuery(municipality: code, asOf: date, withinDays: within))
        case (.footprint, _, .some(let vendor)):
            request = .footprint(vendorID: vendor, asOf: date, placing: code)
        default:
            throw ValidationError("missing --municipality or --vendor")
        }
        let logger = CLILogging.logger(defaultLevel: .warning)
        let plan = try await options.location().withClient(logger: logger) { client in
            try await PeerRepository(client: client, logger: logger).explain(request)
        }
        for line in plan { print(line) }
    }
}

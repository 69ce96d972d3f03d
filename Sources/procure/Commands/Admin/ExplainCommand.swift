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
        discussion: Discussion.explain.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.explainReport.local))
    var report: Report

    @Option(help: ArgumentHelp(OptionHelp.explainMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.explainVendor.local))
    var vendor: Int64?

    @Option(help: ArgumentHelp(OptionHelp.explainAsOf.local))
    var asOf: String?

    @Option(help: ArgumentHelp(OptionHelp.explainWithin.local))
    var within = RenewalQuery.defaultWithinDays

    @OptionGroup var options: AdminOptions

    func validate() throws {
        switch report {
        case .peers, .renewals:
            if municipality == nil { throw ValidationError(CLIText.explainNeedsMunicipality(report.rawValue).local) }
        case .footprint:
            if vendor == nil { throw ValidationError(CLIText.explainNeedsVendor.local) }
        }
        if let asOf, BusinessDate(asOf) == nil { throw ValidationError(CLIText.asOfNotADate(asOf).local) }
        if !RenewalQuery.withinDaysRange.contains(within) {
            throw ValidationError(
                CLIText.withinRange(RenewalQuery.withinDaysRange.lowerBound, RenewalQuery.withinDaysRange.upperBound)
                    .local)
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
            throw ValidationError(CLIText.explainNeedsSubject.local)
        }
        let logger = CLILogging.logger(defaultLevel: .warning)
        let plan = try await options.location().withClient(logger: logger) { client in
            try await PeerRepository(client: client, logger: logger).explain(request)
        }
        for line in plan { print(line) }
    }
}

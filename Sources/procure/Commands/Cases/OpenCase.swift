import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure cases open`: open a case led by your municipality.
struct OpenCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: HelpText.openCase.local,
        discussion: """
            The case starts open (recruiting). With --from-renewal CONTRACT, the vendor, category and \
            product come from your contract on the renewal radar (`procure renewals`), your baseline \
            is that contract's annual amount with tax, and the peers the radar proposes for it are \
            invited; options you give override what it fills in.

            Examples: procure cases open --from-renewal 12
                      procure cases open --vendor 7 --category reservation_system \\
                          --title 予約システム改修費の共同交渉 --target-percent 10 \\
                          --deadline 2027-01-31 --invite 212091 --invite 163236
            """
    )

    @Option(help: "Your contract on the renewal radar to open the case from (its id).")
    var fromRenewal: String?

    @Option(help: "With --from-renewal: the day the radar is read for (YYYY-MM-DD; default: today in Japan).")
    var asOf: String?

    @Option(help: "The vendor (its id; see `procure vendors search`).")
    var vendor: String?

    @Option(help: "The category code (see `procure categories list`).")
    var category: String?

    @Option(help: "The product or system negotiated about.")
    var product: String?

    @Option(help: "The case's title (default with --from-renewal: the contract's title and 共同交渉).")
    var title: String?

    @Option(help: "What the case is about, for the municipalities you invite.")
    var description: String?

    @Option(help: "The reduction sought, in whole percent (1 to 100).")
    var targetPercent: Int32?

    @Option(help: "The reduction sought, in yen a year.")
    var targetYen: Yen?

    @Option(help: "The day invited municipalities should answer by (2027-01-31 or 令和9年1月31日).")
    var deadline: Day?

    @OptionGroup var baseline: BaselineOptions

    @Option(help: "Invite this municipality too (a 6-digit code); repeat for several.")
    var invite: [String] = []

    @Option(help: "The lead municipality (a 6-digit code; admins only, who must give it).")
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if fromRenewal == nil, vendor == nil || category == nil || title == nil {
            throw ValidationError("give --vendor, --category and --title, or --from-renewal CONTRACT")
        }
        if targetPercent != nil, targetYen != nil {
            throw ValidationError("give --target-percent or --target-yen, not both")
        }
    }

    func run() async throws {
        let api = try APIClient.configured()
        var body = Components.Schemas.NewCase(
            leadMunicipalityCode: municipality, vendorId: vendor ?? "", categoryCode: category ?? "", product: product,
            title: title ?? "", description: description, targetReductionPercent: targetPercent,
            targetReductionYen: targetYen?.value, responseDeadline: deadline?.description, baseline: baseline.value)
        var invitees = invite
        if let fromRenewal {
            let renewal = try await Self.renewal(fromRenewal, municipality: municipality, asOf: asOf, api: api)
            if vendor == nil { body.vendorId = renewal.vendor.id }
            if category == nil { body.categoryCode = renewal.contract.categoryCode }
            if product == nil { body.product = renewal.contract.product }
            if title == nil { body.title = "\(renewal.contract.title) 共同交渉" }
            if baseline.value == nil {
                body.baseline = .init(
                    annualAmount: renewal.contract.taxIncludedAnnualAmount, taxIncluded: true,
                    contractId: renewal.contract.id)
            }
            invitees =
                renewal.peers.map(\.municipality.code)
                + invitees.filter { code in
                    !renewal.peers.contains { $0.municipality.code == code }
                }
        }
        var opened = try await CaseCalls.open(body, api: api)
        for code in invitees {
            do {
                opened = try await CaseCalls.participant(opened.id, code, .invite, api: api)
            } catch  where error is CLIError || error is APIProblem {
                // The case exists by now: say so, so the lead invites the rest rather than opening another.
                throw CLIError(CLIText.inviteFailed(opened.id, code: code, reason: "\(error)"))
            }
        }
        print(try CaseText.render(opened, output.output), terminator: "")
    }

    /// The contract's entry on the caller's renewal radar, read over the widest window the radar
    /// allows (1,096 days) with its usual peer window and number of peers.
    static func renewal(
        _ contractID: String, municipality: String?, asOf: String?, api: APIClient
    ) async throws -> Components.Schemas.Renewal {
        let query = Operations.ListRenewals.Input.Query(municipality: municipality, within: 1096, asOf: asOf)
        let report: Components.Schemas.RenewalReport
        report = try await api.call({ try await $0.listRenewals(query: query) }).ok.body.json
        guard let renewal = report.renewals.first(where: { $0.contract.id == contractID }) else {
            throw CLIError(
                CLIText.notOnRadar(contractID, name: report.municipality.name, asOf: "\(report.asOf)"))
        }
        return renewal
    }
}

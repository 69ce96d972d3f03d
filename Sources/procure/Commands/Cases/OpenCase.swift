import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure cases open`: open a case led by your municipality.
struct OpenCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: HelpText.openCase.local,
        discussion: Discussion.openCase.local
    )

    @Option(help: ArgumentHelp(OptionHelp.fromRenewal.local))
    var fromRenewal: String?

    @Option(help: ArgumentHelp(OptionHelp.fromRenewalAsOf.local))
    var asOf: String?

    @Option(help: ArgumentHelp(OptionHelp.caseVendor.local))
    var vendor: String?

    @Option(help: ArgumentHelp(OptionHelp.caseCategory.local))
    var category: String?

    @Option(help: ArgumentHelp(OptionHelp.caseProduct.local))
    var product: String?

    @Option(help: ArgumentHelp(OptionHelp.caseTitle.local))
    var title: String?

    @Option(help: ArgumentHelp(OptionHelp.caseDescription.local))
    var description: String?

    @Option(help: ArgumentHelp(OptionHelp.targetPercent.local))
    var targetPercent: Int32?

    @Option(help: ArgumentHelp(OptionHelp.targetYen.local))
    var targetYen: Yen?

    @Option(help: ArgumentHelp(OptionHelp.deadline.local))
    var deadline: Day?

    @OptionGroup var baseline: BaselineOptions

    @Option(help: ArgumentHelp(OptionHelp.invite.local))
    var invite: [String] = []

    @Option(help: ArgumentHelp(OptionHelp.leadMunicipality.local))
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if fromRenewal == nil, vendor == nil || category == nil || title == nil {
            throw ValidationError(CLIText.openCaseNeeds.local)
        }
        if targetPercent != nil, targetYen != nil {
            throw ValidationError(CLIText.targetGivenTwice.local)
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
        print(try await CaseText.render(opened, output.output, api: api), terminator: "")
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

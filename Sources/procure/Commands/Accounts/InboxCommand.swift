import ArgumentParser
import Ledger
import ProcurementClient

/// `procure inbox`: what waits for your municipality.
struct InboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inbox",
        abstract: HelpText.inboxCommand.local,
        discussion: Discussion.inbox.local
    )

    @Option(help: ArgumentHelp(OptionHelp.inboxMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.inboxWithin.local))
    var within: Int32?

    @Option(help: ArgumentHelp(OptionHelp.inboxAsOf.local))
    var asOf: Day?

    @Option(help: ArgumentHelp(OptionHelp.inboxOutput.local))
    var output: OutputFormat = .table

    func validate() throws {
        if output == .csv || output == .xlsx { throw ValidationError(CLIText.inboxOutput.local) }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let work = try await api.call {
            try await $0.getPendingWork(
                query: .init(municipality: municipality, asOf: asOf?.description, within: within))
        }.ok.body.json
        switch output {
        case .json: print(try OutputEncoding.json(work), terminator: "")
        case .table, .csv, .xlsx: print(Self.text(work), terminator: "")  // csv, xlsx: refused by validate()
        }
    }

    /// The municipality's four lists under their headings (an empty one says there is nothing),
    /// then the merge proposals an admin decides, when there are any; an admin who named no
    /// municipality sees the proposals alone, even when there are none.
    static func text(_ work: Components.Schemas.PendingWork) -> String {
        var lines: [String] = []
        func section(_ title: Bilingual, _ items: [String]) {
            lines.append("")
            lines.append(title.local + " (\(items.count))")
            lines.append(contentsOf: items.isEmpty ? ["  " + InboxText.none.local] : items.map { "  " + $0 })
        }
        let proposals = work.vendorMergeProposals.map {
            InboxText.mergeProposal(
                $0.id, vendor: "#\($0.vendorId) \($0.vendorName)", into: "#\($0.intoVendorId) \($0.intoVendorName)",
                by: $0.proposedBy
            ).local
        }
        guard let municipality = work.municipality else {
            lines.append(InboxText.adminHeading(asOf: work.asOf).local)
            section(InboxText.mergeProposals, proposals)
            return PeerText.text(lines)
        }
        lines.append(InboxText.heading(ContractText.municipality(municipality), asOf: work.asOf).local)
        section(
            InboxText.invitations,
            work.invitations.map {
                InboxText.invitation(
                    $0.caseId, title: $0.title, lead: ContractText.municipality($0.lead), deadline: $0.responseDeadline
                ).local
            })
        section(
            InboxText.joinRequests,
            work.joinRequests.map {
                InboxText.joinRequest(
                    $0.caseId, title: $0.title, municipality: ContractText.municipality($0.municipality)
                )
                .local
            })
        section(
            InboxText.savings,
            work.savingsToRecord.map {
                InboxText.savingsToRecord($0.caseId, title: $0.title, fiscalYear: fiscalYearText($0.fiscalYear)).local
            })
        section(
            InboxText.renewals,
            work.renewals.map {
                InboxText.renewal($0.contractId, title: $0.title, vendor: $0.vendorName, due: $0.dueDate).local
            })
        if !proposals.isEmpty { section(InboxText.mergeProposals, proposals) }
        return PeerText.text(lines)
    }
}

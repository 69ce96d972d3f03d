import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors propose-merge VENDOR --into VENDOR`: ask an admin to merge two vendor rows
/// that are one company.
struct ProposeVendorMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose-merge",
        abstract: HelpText.proposeVendorMerge.local,
        discussion: Discussion.proposeVendorMerge.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.mergeAwayVendor.local))
    var vendorID: String

    @Option(help: ArgumentHelp(OptionHelp.mergeIntoVendor.local))
    var into: String

    @Option(help: ArgumentHelp(OptionHelp.mergeReason.local))
    var reason: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let body = Components.Schemas.NewVendorMergeProposal(intoVendorId: into, reason: reason)
        let proposal = try await api.call {
            try await $0.proposeVendorMerge(path: .init(id: vendorID), body: .json(body))
        }.created.body.json
        if output.output == .table { print(DoneText.proposedMerge(proposal.id).local) }
        print(try VendorOutput.proposal(proposal).render(output.output), terminator: "")
    }
}

/// `procure vendors proposals`: merge proposals, the open ones unless told otherwise.
struct ListVendorMergeProposals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals",
        abstract: HelpText.listVendorMergeProposals.local,
        discussion: Discussion.listVendorMergeProposals.local
    )

    /// Which proposals to list.
    enum StatusArgument: String, CaseIterable, ExpressibleByArgument {
        case open, accepted, rejected, superseded, all
    }

    @Option(help: ArgumentHelp(OptionHelp.proposalStatus.local))
    var status: StatusArgument = .open

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let items = try await collectPages { pageSize, cursor in
            let query = Operations.ListVendorMergeProposals.Input.Query(
                status: .init(rawValue: status.rawValue), limit: pageSize, cursor: cursor)
            let page = try await api.call({ try await $0.listVendorMergeProposals(query: query) }).ok.body.json
            return (page.items, page.nextCursor)
        }
        print(try VendorOutput.proposals(items).render(output.output), terminator: "")
    }
}

/// `procure vendors accept-merge N`: an admin accepts a proposal, and the vendors are merged.
struct AcceptVendorMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept-merge",
        abstract: HelpText.acceptVendorMerge.local,
        discussion: Discussion.acceptVendorMerge.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.proposalID.local))
    var proposalID: String

    @Option(help: ArgumentHelp(OptionHelp.decisionNote.local))
    var note: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await VendorMergeDecision.decide(proposalID, .accept, note: note, output: output.output)
    }
}

/// What `accept-merge` and `reject-merge` share: sending the decision and printing the proposal.
enum VendorMergeDecision {
    static func decide(
        _ id: String, _ decision: Components.Schemas.VendorMergeDecision.DecisionPayload, note: String?,
        output: OutputFormat
    ) async throws {
        let api = try APIClient.configured()
        let result = try await api.call {
            try await $0.decideVendorMergeProposal(
                path: .init(id: id), body: .json(.init(decision: decision, note: note)))
        }.ok.body.json
        if output == .table {
            if let merge = result.merge {
                print(
                    DoneText.mergedVendors(
                        merge.mergedVendorId, into: merge.vendor.id, contracts: Int(merge.contractsMoved)
                    ).local)
            } else {
                print(DoneText.rejectedMerge(result.proposal.id).local)
            }
        }
        print(try VendorOutput.proposal(result.proposal).render(output), terminator: "")
    }
}

/// `procure vendors reject-merge N`.
struct RejectVendorMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reject-merge",
        abstract: HelpText.rejectVendorMerge.local,
        discussion: Discussion.rejectVendorMerge.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.proposalID.local))
    var proposalID: String

    @Option(help: ArgumentHelp(OptionHelp.rejectionNote.local))
    var note: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await VendorMergeDecision.decide(proposalID, .reject, note: note, output: output.output)
    }
}

extension VendorOutput {
    /// One proposal as `propose-merge` and the decisions print it.
    static func proposal(_ proposal: Components.Schemas.VendorMergeProposal) -> RecordDetail {
        var fields: [RecordDetail.Field] = [
            .init(Label.proposal, "\(proposal.id)"),
            .init(Label.vendor, "#\(proposal.vendorId) \(proposal.vendorName)"),
            .init(Label.into, "#\(proposal.intoVendorId) \(proposal.intoVendorName)"),
            .init(Label.status, Listing.Cell(proposalStatus(proposal.status).local, plain: proposal.status.rawValue)),
            .init(Label.proposedBy, "\(proposal.proposedBy)"),
            .init(
                Label.proposedAt,
                Listing.Cell(japanTime(proposal.proposedAt), plain: proposal.proposedAt.formatted(.iso8601))),
        ]
        if let reason = proposal.reason { fields.append(.init(Label.reason, "\(reason)")) }
        if let decidedBy = proposal.decidedBy { fields.append(.init(Label.decidedBy, "\(decidedBy)")) }
        if let note = proposal.decisionNote { fields.append(.init(Label.note, "\(note)")) }
        return RecordDetail(fields: fields, item: proposal)
    }

    static func proposals(_ proposals: [Components.Schemas.VendorMergeProposal]) -> Listing {
        Listing(
            columns: [
                .right(Heading.id), .left(Heading.vendor), .left(Heading.into), .left(Heading.status),
                .left(Heading.by), .left(Heading.whenJST), .left(Heading.noteOrReason),
            ],
            rows: proposals.map {
                [
                    Listing.Cell($0.id), Listing.Cell("#\($0.vendorId) \($0.vendorName)"),
                    Listing.Cell("#\($0.intoVendorId) \($0.intoVendorName)"),
                    Listing.Cell(proposalStatus($0.status).local, plain: $0.status.rawValue),
                    Listing.Cell($0.proposedBy),
                    Listing.Cell(japanTime($0.proposedAt), plain: $0.proposedAt.formatted(.iso8601)),
                    Listing.Cell($0.decisionNote ?? $0.reason ?? ""),
                ]
            },
            items: proposals)
    }

    static func proposalStatus(_ status: Components.Schemas.VendorMergeProposal.StatusPayload) -> Bilingual {
        (VendorMergeProposal.Status(rawValue: status.rawValue) ?? .open).word
    }
}

import ArgumentParser
import Ledger
import ProcurementClient

/// `procure vendors propose-merge VENDOR --into VENDOR`: ask an admin to merge two vendor rows
/// that are one company.
struct ProposeVendorMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "propose-merge",
        abstract: HelpText.proposeVendorMerge.local,
        discussion: """
            For one company registered twice (a typo of its name). An admin accepts the proposal \
            (the vendors are merged) or rejects it: `procure vendors proposals` lists those waiting.

            Example: procure vendors propose-merge 5 --into 2 --reason "サンプル予約システムズの誤記"
            """
    )

    @Argument(help: "The id of the vendor to merge away.")
    var vendorID: String

    @Option(help: "The id of the vendor it is the same company as, which remains.")
    var into: String

    @Option(help: "Why they are one company.")
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
        discussion: "Examples: procure vendors proposals\n          procure vendors proposals --status all"
    )

    /// Which proposals to list.
    enum StatusArgument: String, CaseIterable, ExpressibleByArgument {
        case open, accepted, rejected, superseded, all
    }

    @Option(help: "open (the default), accepted, rejected, superseded or all.")
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

/// `procure vendors accept-merge N` and `reject-merge N`: an admin decides a proposal.
struct DecideVendorMerge: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept-merge",
        abstract: HelpText.acceptVendorMerge.local,
        discussion: "Example: procure vendors accept-merge 3"
    )

    @Argument(help: "The proposal's id (see `procure vendors proposals`).")
    var proposalID: String

    @Option(help: "A note kept with the decision.")
    var note: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await Self.decide(proposalID, .accept, note: note, output: output.output)
    }

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
        discussion: "Example: procure vendors reject-merge 3 --note \"法人番号が異なる別会社\""
    )

    @Argument(help: "The proposal's id (see `procure vendors proposals`).")
    var proposalID: String

    @Option(help: "Why they are not one company; kept with the decision.")
    var note: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        try await DecideVendorMerge.decide(proposalID, .reject, note: note, output: output.output)
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

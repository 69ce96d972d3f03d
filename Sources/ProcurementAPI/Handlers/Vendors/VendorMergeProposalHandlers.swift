import Ledger
import OpenAPIRuntime
import ProcurementClient

extension APIHandler {
    func proposeVendorMerge(
        _ input: Operations.ProposeVendorMerge.Input
    ) async throws -> Operations.ProposeVendorMerge.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let vendorID = try RequestValue.id(input.path.id, of: .vendor, at: "/id", example: true)
        let intoID = try RequestValue.id(body.intoVendorId, of: .vendor, at: "/intoVendorId", example: true)
        let proposal = try await vendorRegister.proposeMerge(
            vendorID, into: intoID, reason: body.reason, by: principal)
        return .created(.init(body: .json(.init(proposal))))
    }

    func listVendorMergeProposals(
        _ input: Operations.ListVendorMergeProposals.Input
    ) async throws -> Operations.ListVendorMergeProposals.Output {
        _ = try principal()
        let query = input.query
        let page = try PageRequest(limit: query.limit.map(Int.init), cursor: query.cursor)
        let status: VendorMergeProposal.Status? =
            switch query.status ?? .open {
            case .open: .open
            case .accepted: .accepted
            case .rejected: .rejected
            case .superseded: .superseded
            case .all: nil
            }
        let result = try await vendorRegister.mergeProposals(status: status, page: page)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: result.items.map(Components.Schemas.VendorMergeProposal.init),
                        nextCursor: result.nextCursor))))
    }

    func decideVendorMergeProposal(
        _ input: Operations.DecideVendorMergeProposal.Input
    ) async throws -> Operations.DecideVendorMergeProposal.Output {
        let principal = try principal()
        guard principal.isAdmin else { throw RequestError.adminsOnly(.decideMerges) }
        let body =
            switch input.body {
            case .json(let json): json
            }
        let id = try RequestValue.id(input.path.id, of: .mergeProposal, at: "/id")
        switch body.decision {
        case .accept:
            let (proposal, merge) = try await vendorRegister.acceptMergeProposal(id, note: body.note, by: principal)
            requestLogger.info(
                "vendor merge proposal accepted",
                metadata: [
                    "proposal": "\(id)", "winner": "\(proposal.intoVendorID)", "loser": "\(proposal.vendorID)",
                    "contractsMoved": "\(merge.contractsMoved)",
                ])
            return .ok(
                .init(
                    body: .json(
                        .init(
                            proposal: .init(proposal),
                            merge: .init(
                                vendor: .init(merge.vendor), mergedVendorId: String(merge.mergedVendorID),
                                contractsMoved: Int32(clamping: merge.contractsMoved))))))
        case .reject:
            let proposal = try await vendorRegister.rejectMergeProposal(id, note: body.note, by: principal)
            return .ok(.init(body: .json(.init(proposal: .init(proposal)))))
        }
    }
}

extension Components.Schemas.VendorMergeProposal {
    init(_ proposal: VendorMergeProposal) {
        let status: StatusPayload =
            switch proposal.status {
            case .open: .open
            case .accepted: .accepted
            case .rejected: .rejected
            case .superseded: .superseded
            }
        self.init(
            id: String(proposal.id), vendorId: String(proposal.vendorID), vendorName: proposal.vendorName,
            intoVendorId: String(proposal.intoVendorID), intoVendorName: proposal.intoVendorName,
            reason: proposal.reason, proposedBy: proposal.proposedBy,
            proposedByMunicipality: proposal.proposedByMunicipality?.rawValue, proposedAt: proposal.proposedAt,
            status: status, decidedBy: proposal.decidedBy, decisionNote: proposal.decisionNote,
            decidedAt: proposal.decidedAt)
    }
}

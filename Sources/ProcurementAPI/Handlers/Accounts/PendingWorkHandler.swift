import Ledger
import ProcurementClient

extension APIHandler {
    var pendingWork: PendingWorkRepository { PendingWorkRepository(client: database, logger: requestLogger) }

    func getPendingWork(_ input: Operations.GetPendingWork.Input) async throws -> Operations.GetPendingWork.Output {
        let principal = try principal()
        let named = try RequestValue.municipalityCode(filter: input.query.municipality, at: "?municipality")
        let asOf = try PeerParameters.asOf(input.query.asOf)
        let within = try PeerParameters.count(input.query.within, name: "within", default: 90, range: 0...366)
        let code: MunicipalityCode?
        var proposals: [Components.Schemas.VendorMergeProposal] = []
        switch principal.role {
        case .admin:
            // An admin's own work: the merge proposals only an admin can decide.
            proposals = try await vendorRegister.mergeProposals(
                status: .open, page: try PageRequest(limit: Self.pendingProposalLimit, cursor: nil)
            ).items.map(Components.Schemas.VendorMergeProposal.init)
            code = named
        case .member(let own):
            if let named, named != own { throw RequestError.othersPendingWork }
            code = own
        }
        guard let code else {
            return .ok(
                .init(
                    body: .json(
                        .init(
                            asOf: asOf.description, invitations: [], joinRequests: [], savingsToRecord: [],
                            renewals: [], vendorMergeProposals: proposals))))
        }
        guard let municipality = try await municipalities.find(code) else {
            throw RequestError.municipalityNotFound(code)
        }
        let work = try await pendingWork.pending(for: code, asOf: asOf, withinDays: within)
        return .ok(
            .init(
                body: .json(
                    .init(
                        municipality: .init(
                            code: municipality.code.rawValue, prefecture: municipality.prefecture,
                            name: municipality.name),
                        asOf: work.asOf.description,
                        invitations: work.invitations.map {
                            .init(
                                caseId: String($0.caseID), title: $0.title,
                                lead: .init(
                                    code: $0.lead.code.rawValue, prefecture: $0.lead.prefecture, name: $0.lead.name),
                                responseDeadline: $0.responseDeadline?.description)
                        },
                        joinRequests: work.joinRequests.map {
                            .init(
                                caseId: String($0.caseID), title: $0.title,
                                municipality: .init(
                                    code: $0.municipality.code.rawValue, prefecture: $0.municipality.prefecture,
                                    name: $0.municipality.name))
                        },
                        savingsToRecord: work.savingsToRecord.map {
                            .init(caseId: String($0.caseID), title: $0.title, fiscalYear: Int32($0.fiscalYear))
                        },
                        renewals: work.renewals.map {
                            .init(
                                contractId: String($0.contractID), title: $0.title, vendorName: $0.vendorName,
                                dueDate: $0.dueDate.description)
                        },
                        vendorMergeProposals: proposals))))
    }

    /// At most this many open merge proposals in an admin's inbox.
    static var pendingProposalLimit: Int { 100 }
}

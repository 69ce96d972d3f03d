import Ledger
import ProcurementClient

extension APIHandler {
    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let principal = try principal()
        var municipality: Components.Schemas.Municipality?
        if let code = principal.municipality {
            municipality = try await municipalities.find(code).map(Components.Schemas.Municipality.init)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        tokenId: String(principal.tokenID),
                        name: principal.name,
                        role: principal.isAdmin ? .admin : .member,
                        municipality: municipality
                    ))))
    }
}

import Ledger
import ProcurementClient

/// A new vendor name close to registered ones (409 `similar_vendor`), as the question a person can
/// answer with the options: which vendor (for a contract, by `--vendor-id`), or a new one
/// (`--new-vendor`). `contracts add`, `contracts update` and `vendors add` ask it.
enum SimilarVendorQuestion {
    /// Runs `call`, turning that refusal into the question.
    static func asking<Result>(forContract: Bool = true, _ call: () async throws -> Result) async throws -> Result {
        do {
            return try await call()
        } catch let problem as APIProblem where problem.problem?.code == "similar_vendor" {
            let similar = problem.problem?.similarVendors ?? []
            guard let closest = similar.first else { throw problem }
            throw CLIError(
                CLIText.didYouMeanVendor(
                    id: closest.id, name: closest.name, others: similar.dropFirst().map { "#\($0.id) \($0.name)" },
                    forContract: forContract))
        }
    }
}

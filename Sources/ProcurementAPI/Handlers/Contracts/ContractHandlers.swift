import Ledger
import ProcurementClient

extension APIHandler {
    var contracts: ContractRepository { ContractRepository(client: database, logger: requestLogger) }

    func listContracts(_ input: Operations.ListContracts.Input) async throws -> Operations.ListContracts.Output {
        _ = try principal()
        let query = input.query
        let page = try PageRequest(limit: query.limit.map(Int.init), cursor: query.cursor)
        let filter = try await contractFilter(query)
        let result = try await contracts.list(filter, page: page)
        return .ok(
            .init(
                body: .json(
                    .init(items: result.items.map(Components.Schemas.Contract.init), nextCursor: result.nextCursor))))
    }

    func createContract(_ input: Operations.CreateContract.Input) async throws -> Operations.CreateContract.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let municipality = try body.municipality()
        let draft = try ContractDraft(body)
        let contract = try await contracts.create(draft, municipality: municipality, by: principal)
        return .created(
            .init(headers: .init(eTag: VersionETag.header(contract.version)), body: .json(.init(contract))))
    }

    func getContract(_ input: Operations.GetContract.Input) async throws -> Operations.GetContract.Output {
        _ = try principal()
        let id = try RequestValue.contractID(input.path.id)
        guard let contract = try await contracts.find(id) else { throw ContractWriteError.notFound(id: id) }
        return .ok(.init(headers: .init(eTag: VersionETag.header(contract.version)), body: .json(.init(contract))))
    }

    func replaceContract(_ input: Operations.ReplaceContract.Input) async throws -> Operations.ReplaceContract.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let id = try RequestValue.contractID(input.path.id)
        let version = try RequestValue.expectedVersion(input.headers.ifMatch, of: .contract(id))
        let municipality = try body.municipality()
        let draft = try ContractDraft(body)
        let contract = try await contracts.replace(
            id, with: draft, municipality: municipality, expectedVersion: version, by: principal)
        return .ok(.init(headers: .init(eTag: VersionETag.header(contract.version)), body: .json(.init(contract))))
    }

    func deleteContract(_ input: Operations.DeleteContract.Input) async throws -> Operations.DeleteContract.Output {
        let principal = try principal()
        let id = try RequestValue.contractID(input.path.id)
        let version = try RequestValue.expectedVersion(input.headers.ifMatch, of: .contract(id))
        try await contracts.delete(id, expectedVersion: version, by: principal)
        return .noContent(.init())
    }

    func getContractHistory(
        _ input: Operations.GetContractHistory.Input
    ) async throws -> Operations.GetContractHistory.Output {
        _ = try principal()
        let id = try RequestValue.contractID(input.path.id)
        let page = try PageRequest(limit: input.query.limit.map(Int.init), cursor: input.query.cursor)
        guard let history = try await contracts.history(of: id, page: page) else {
            throw RequestError.contractNeverExisted(id)
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: history.items.map(Components.Schemas.ContractHistoryEntry.init),
                        nextCursor: history.nextCursor))))
    }

    /// The listing's filter from the query; a value that cannot be what it names is a 400.
    private func contractFilter(_ query: Operations.ListContracts.Input.Query) async throws -> ContractFilter {
        var filter = ContractFilter()
        filter.municipality = try RequestValue.municipalityCode(filter: query.municipality, at: "?municipality")
        filter.prefectureCode = try await prefectureCode(query.prefecture)
        filter.vendorID = try RequestValue.id(filter: query.vendor, of: .vendor, at: "?vendor")
        filter.categoryCode = RequestValue.nonEmpty(query.category)
        filter.fiscalYear = query.fiscalYear.map(Int.init)
        // `endsBefore=` with no value is not a date (an empty filter of text is no filter).
        filter.endsBefore = try RequestValue.date(query.endsBefore, at: "?endsBefore")
        return filter
    }
}

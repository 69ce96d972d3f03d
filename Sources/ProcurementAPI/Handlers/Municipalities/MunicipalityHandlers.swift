import Ledger
import ProcurementClient

extension APIHandler {
    func listMunicipalities(
        _ input: Operations.ListMunicipalities.Input
    ) async throws -> Operations.ListMunicipalities.Output {
        _ = try principal()
        let page = try PageRequest(limit: input.query.limit.map(Int.init), cursor: input.query.cursor)
        let result = try await municipalities.list(
            prefectureCode: try await prefectureCode(input.query.prefecture), search: input.query.search, page: page)
        return .ok(
            .init(
                body: .json(
                    .init(items: result.items.map(Components.Schemas.Municipality.init), nextCursor: result.nextCursor)
                )))
    }

    func getMunicipality(_ input: Operations.GetMunicipality.Input) async throws -> Operations.GetMunicipality.Output {
        _ = try principal()
        let code = try RequestValue.municipalityCode(input.path.code, at: "/code")
        guard let municipality = try await municipalities.find(code) else {
            throw RequestError.municipalityNotFound(code)
        }
        return .ok(.init(body: .json(.init(municipality))))
    }

    /// The two-digit code of the prefecture a filter names (香川県, 香川 or 37), or nil without a
    /// filter.
    func prefectureCode(_ text: String?) async throws -> String? {
        guard let text = RequestValue.nonEmpty(text) else { return nil }
        guard let code = try await municipalities.prefectureCode(for: text) else {
            throw RequestError.unknownPrefecture(text)
        }
        return code
    }
}

extension Components.Schemas.Municipality {
    init(_ municipality: Municipality) {
        let kind: Components.Schemas.MunicipalityKind =
            switch municipality.kind {
            case .prefecture: .prefecture
            case .city: .city
            case .specialWard: .specialWard
            case .town: .town
            case .village: .village
            }
        self.init(
            code: municipality.code.rawValue,
            prefectureCode: municipality.code.prefectureCode,
            prefecture: municipality.prefecture,
            name: municipality.name,
            kana: municipality.kana,
            kind: kind
        )
    }
}

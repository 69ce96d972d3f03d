import Ledger
import ProcurementClient

extension APIHandler {
    func listMunicipalities(
        _ input: Operations.ListMunicipalities.Input
    ) async throws -> Operations.ListMunicipalities.Output {
        _ = try principal()
        let page: PageRequest
        do {
            page = try PageRequest(limit: input.query.limit.map(Int.init), cursor: input.query.cursor)
        } catch {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        }
        var prefectureCode: String?
        if let prefecture = input.query.prefecture, !prefecture.isEmpty {
            prefectureCode = try await municipalities.prefectureCode(for: prefecture)
            if prefectureCode == nil {
                let problem = Problem.invalid(
                    "unknown_prefecture", "'\(prefecture)' is not a prefecture (give 香川県, 香川 or 37)",
                    pointer: "?prefecture")
                return .badRequest(.init(body: .applicationProblemJson(problem.document)))
            }
        }
        let result: Page<Municipality>
        do {
            result = try await municipalities.list(
                prefectureCode: prefectureCode, search: input.query.search, page: page)
        } catch let error as InvalidPageRequest {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        }
        return .ok(
            .init(
                body: .json(
                    .init(items: result.items.map(Components.Schemas.Municipality.init), nextCursor: result.nextCursor)
                )))
    }

    func getMunicipality(_ input: Operations.GetMunicipality.Input) async throws -> Operations.GetMunicipality.Output {
        _ = try principal()
        let code: MunicipalityCode
        do {
            code = try MunicipalityCode(input.path.code)
        } catch {
            let problem = Problem.invalid("invalid_municipality_code", error.description, pointer: "/code")
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        guard let municipality = try await municipalities.find(code) else {
            let problem = Problem(
                .notFound, code: "municipality_not_found", title: "No such local government",
                detail: "there is no local government with code \(code)")
            return .notFound(.init(body: .applicationProblemJson(problem.document)))
        }
        return .ok(.init(body: .json(.init(municipality))))
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

extension InvalidPageRequest {
    var problem: Problem {
        switch self {
        case .limit: Problem.invalid("invalid_limit", description, pointer: "?limit")
        case .cursor: Problem.invalid("invalid_cursor", description, pointer: "?cursor")
        }
    }
}

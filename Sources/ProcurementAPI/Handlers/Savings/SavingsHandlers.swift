import Ledger
import OpenAPIRuntime
import ProcurementClient

extension APIHandler {
    var savings: SavingsRepository {
        SavingsRepository(client: database, sealer: savingsSealer, logger: requestLogger)
    }

    func recordSavings(_ input: Operations.RecordSavings.Input) async throws -> Operations.RecordSavings.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let caseID = try RequestValue.caseID(input.path.id)
        let key = input.headers.idempotencyKey.trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.count <= 200 else { throw RequestError.invalidIdempotencyKey }
        let municipality = try RequestValue.municipalityCode(body.municipalityCode, at: "/municipalityCode")
        let date = try RequestValue.date(body.effectiveDate, at: "/effectiveDate")
        let draft = try SavingsDraft(
            municipality: municipality, fiscalYear: body.fiscalYear, effectiveDate: date,
            baselineAmount: body.baselineAmount, negotiatedAmount: body.negotiatedAmount,
            taxIncluded: body.taxIncluded, note: body.note, differsFromAgreement: body.differsFromAgreement ?? false,
            reason: body.reason)
        switch try await savings.record(draft, caseID: caseID, idempotencyKey: key, by: principal) {
        case .recorded(let entry):
            return .created(.init(body: .json(.init(entry))))
        case .replayed(let entry):
            return .created(.init(headers: .init(idempotentReplayed: "true"), body: .json(.init(entry))))
        }
    }

    func reverseSavings(_ input: Operations.ReverseSavings.Input) async throws -> Operations.ReverseSavings.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let id = try RequestValue.id(input.path.id, of: .savingsEntry, at: "/id")
        let reversal = try await savings.reverse(id, reason: body.reason, by: principal)
        return .created(.init(body: .json(.init(reversal))))
    }

    func listSavings(_ input: Operations.ListSavings.Input) async throws -> Operations.ListSavings.Output {
        _ = try principal()
        let query = input.query
        let page = try PageRequest(limit: query.limit.map(Int.init), cursor: query.cursor)
        let municipality = try RequestValue.municipalityCode(filter: query.municipality, at: "?municipality")
        let caseID = try RequestValue.id(filter: query._case, of: .case, at: "?case")
        let result = try await savings.list(municipality: municipality, caseID: caseID, page: page)
        return .ok(
            .init(
                body: .json(
                    .init(items: result.items.map(Components.Schemas.SavingsEntry.init), nextCursor: result.nextCursor))
            ))
    }

    func verifySavings(_ input: Operations.VerifySavings.Input) async throws -> Operations.VerifySavings.Output {
        _ = try principal()
        let result = try await savings.verify()
        return .ok(
            .init(
                body: .json(
                    .init(
                        ok: result.isIntact, entries: result.entries,
                        firstMismatch: result.firstMismatch.map {
                            .init(
                                entryId: String($0.entryID), chainPosition: $0.chainPosition,
                                storedHash: $0.storedHash, computedHash: $0.computedHash, reason: $0.reason)
                        }))))
    }

    func getSavingsReport(_ input: Operations.GetSavingsReport.Input) async throws -> Operations.GetSavingsReport.Output
    {
        _ = try principal()
        let query = input.query
        var filter = SavingsReportFilter(fromFiscalYear: query.fromFiscalYear, toFiscalYear: query.toFiscalYear)
        filter.municipality = try RequestValue.municipalityCode(filter: query.municipality, at: "?municipality")
        filter.vendorID = try RequestValue.id(filter: query.vendor, of: .vendor, at: "?vendor")
        filter.caseID = try RequestValue.id(filter: query._case, of: .case, at: "?case")
        let report = try await savings.report(by: SavingsGrouping(query.groupBy), filter: filter)
        if input.headers.accept.sortedByQuality().first?.contentType == .csv {
            return .ok(.init(body: .csv(HTTPBody(report.csv))))
        }
        return .ok(
            .init(
                body: .json(
                    .init(
                        groupBy: .init(report.groupBy),
                        groups: report.groups.map { .init(key: $0.key, label: $0.label, totals: .init($0.totals)) },
                        total: .init(report.total)))))
    }

    func getSavingsStatement(
        _ input: Operations.GetSavingsStatement.Input
    ) async throws -> Operations.GetSavingsStatement.Output {
        _ = try principal()
        let code = try RequestValue.municipalityCode(input.query.municipality, at: "?municipality")
        let statement = try await savings.statement(of: code)
        return .ok(
            .init(
                body: .json(
                    .init(
                        municipalityCode: code.rawValue,
                        lines: statement.lines.map { .init(entry: .init($0.entry), runningSavings: $0.runningSavings) },
                        totalSavings: statement.totalSavings))))
    }
}

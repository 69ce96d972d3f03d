import Ledger
import OpenAPIRuntime
import ProcurementClient

extension APIHandler {
    var savings: SavingsRepository {
        SavingsRepository(client: database, sealer: savingsSealer, logger: requestLogger)
    }

    func recordSavings(_ input: Operations.RecordSavings.Input) async throws -> Operations.RecordSavings.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let caseID = try CaseProblems.caseID(input.path.id)
            let key = input.headers.idempotencyKey.trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.count <= 200 else {
                throw Problem.invalid(
                    "invalid_idempotency_key", "Idempotency-Key must be 1 to 200 characters (a UUID)",
                    pointer: "Idempotency-Key")
            }
            let municipality = try CaseProblems.municipalityCode(body.municipalityCode, pointer: "/municipalityCode")
            guard let date = try CaseProblems.date(body.effectiveDate, pointer: "/effectiveDate") else {
                throw Problem.internalError()
            }
            let draft = try SavingsDraft(
                municipality: municipality, fiscalYear: body.fiscalYear, effectiveDate: date,
                baselineAmount: body.baselineAmount, negotiatedAmount: body.negotiatedAmount,
                taxIncluded: body.taxIncluded, note: body.note)
            switch try await savings.record(draft, caseID: caseID, idempotencyKey: key, by: principal) {
            case .recorded(let entry):
                return .created(.init(body: .json(.init(entry))))
            case .replayed(let entry):
                return .created(.init(headers: .init(idempotentReplayed: "true"), body: .json(.init(entry))))
            }
        } catch {
            let problem = try SavingsProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            case .conflict: return .conflict(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func reverseSavings(_ input: Operations.ReverseSavings.Input) async throws -> Operations.ReverseSavings.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let id = try SavingsProblems.id(
                input.path.id, code: "invalid_savings_entry_id", what: "a savings entry id", pointer: "/id")
            let reversal = try await savings.reverse(id, reason: body.reason, by: principal)
            return .created(.init(body: .json(.init(reversal))))
        } catch {
            let problem = try SavingsProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            case .conflict: return .conflict(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func listSavings(_ input: Operations.ListSavings.Input) async throws -> Operations.ListSavings.Output {
        _ = try principal()
        let query = input.query
        do {
            let page = try PageRequest(limit: query.limit.map(Int.init), cursor: query.cursor)
            let municipality = try query.municipality.flatMap { $0.isEmpty ? nil : $0 }.map {
                try CaseProblems.municipalityCode($0, pointer: "?municipality")
            }
            let caseID = try query._case.flatMap { $0.isEmpty ? nil : $0 }.map {
                try SavingsProblems.id($0, code: "invalid_case_id", what: "a case id", pointer: "?case")
            }
            let result = try await savings.list(municipality: municipality, caseID: caseID, page: page)
            return .ok(
                .init(
                    body: .json(
                        .init(
                            items: result.items.map(Components.Schemas.SavingsEntry.init),
                            nextCursor: result.nextCursor))))
        } catch {
            let problem = try SavingsProblems.problem(for: error)
            guard problem.status == .badRequest else { throw problem }
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
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
        do {
            var filter = SavingsReportFilter(fromFiscalYear: query.fromFiscalYear, toFiscalYear: query.toFiscalYear)
            filter.municipality = try query.municipality.flatMap { $0.isEmpty ? nil : $0 }.map {
                try CaseProblems.municipalityCode($0, pointer: "?municipality")
            }
            filter.vendorID = try query.vendor.flatMap { $0.isEmpty ? nil : $0 }.map {
                try SavingsProblems.id($0, code: "invalid_vendor_id", what: "a vendor id", pointer: "?vendor")
            }
            filter.caseID = try query._case.flatMap { $0.isEmpty ? nil : $0 }.map {
                try SavingsProblems.id($0, code: "invalid_case_id", what: "a case id", pointer: "?case")
            }
            let report = try await savings.report(by: SavingsGrouping(query.groupBy), filter: filter)
            if input.headers.accept.sortedByQuality().first?.contentType == .csv {
                return .ok(.init(body: .csv(HTTPBody(report.csv))))
            }
            return .ok(
                .init(
                    body: .json(
                        .init(
                            groupBy: .init(report.groupBy),
                            groups: report.groups.map {
                                .init(key: $0.key, label: $0.label, totals: .init($0.totals))
                            },
                            total: .init(report.total)))))
        } catch {
            let problem = try SavingsProblems.problem(for: error)
            guard problem.status == .badRequest else { throw problem }
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
    }

    func getSavingsStatement(
        _ input: Operations.GetSavingsStatement.Input
    ) async throws -> Operations.GetSavingsStatement.Output {
        _ = try principal()
        do {
            let code = try CaseProblems.municipalityCode(input.query.municipality, pointer: "?municipality")
            let statement = try await savings.statement(of: code)
            return .ok(
                .init(
                    body: .json(
                        .init(
                            municipalityCode: code.rawValue,
                            lines: statement.lines.map {
                                .init(entry: .init($0.entry), runningSavings: $0.runningSavings)
                            },
                            totalSavings: statement.totalSavings))))
        } catch {
            let problem = try SavingsProblems.problem(for: error)
            guard problem.status == .badRequest else { throw problem }
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
    }
}

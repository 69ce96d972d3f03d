import Ledger
import ProcurementClient

extension APIHandler {
    var cases: CaseRepository { CaseRepository(client: database, logger: requestLogger) }

    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        let principal = try principal()
        let query = input.query
        do {
            let page = try PageRequest(limit: query.limit.map(Int.init), cursor: query.cursor)
            var filter = CaseFilter()
            if let text = query.vendor, !text.isEmpty {
                guard let id = Int64(text), id > 0 else {
                    throw Problem.invalid("invalid_vendor_id", "'\(text)' is not a vendor id", pointer: "?vendor")
                }
                filter.vendorID = id
            }
            filter.categoryCode = query.category.flatMap { $0.isEmpty ? nil : $0 }
            filter.status = query.status.map(CaseStatus.init)
            if query.mine == true {
                guard let own = principal.municipality else {
                    throw Problem.invalid(
                        "municipality_required", "an admin token has no municipality of its own: leave out mine",
                        pointer: "?mine")
                }
                filter.involving = own
            }
            let result = try await cases.list(filter, page: page)
            return .ok(
                .init(
                    body: .json(
                        .init(items: result.items.map(Components.Schemas.Case.init), nextCursor: result.nextCursor))))
        } catch let error as InvalidPageRequest {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        } catch let problem as Problem where problem.status == .badRequest {
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
    }

    func openCase(_ input: Operations.OpenCase.Input) async throws -> Operations.OpenCase.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let opened = try await cases.open(try CaseDraft(body), by: principal)
            return .created(
                .init(headers: .init(eTag: ContractETag.header(opened.version)), body: .json(.init(opened))))
        } catch {
            let problem = try CaseProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        _ = try principal()
        do {
            let id = try CaseProblems.caseID(input.path.id)
            guard let found = try await cases.find(id) else { throw CaseError.notFound(id: id) }
            return .ok(.init(headers: .init(eTag: ContractETag.header(found.version)), body: .json(.init(found))))
        } catch {
            let problem = try CaseProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func updateCase(_ input: Operations.UpdateCase.Input) async throws -> Operations.UpdateCase.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let id = try CaseProblems.caseID(input.path.id)
            guard let version = try CaseProblems.expectedVersion(input.headers.ifMatch, id: id, required: true) else {
                throw Problem.internalError()
            }
            let updated = try await cases.update(
                id, with: try CaseDetails(body), expectedVersion: version, by: principal)
            return .ok(.init(headers: .init(eTag: ContractETag.header(updated.version)), body: .json(.init(updated))))
        } catch {
            let problem = try CaseProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            case .conflict: return .conflict(.init(body: .applicationProblemJson(document)))
            case .preconditionFailed: return .preconditionFailed(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            case .preconditionRequired: return .preconditionRequired(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func moveCase(_ input: Operations.MoveCase.Input) async throws -> Operations.MoveCase.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let id = try CaseProblems.caseID(input.path.id)
            guard let version = try CaseProblems.expectedVersion(input.headers.ifMatch, id: id, required: true) else {
                throw Problem.internalError()
            }
            let moved = try await cases.move(
                id, to: CaseStatus(body.to), agreement: try body.agreement.map(AgreementDraft.init), note: body.note,
                expectedVersion: version, by: principal)
            return .ok(.init(headers: .init(eTag: ContractETag.header(moved.version)), body: .json(.init(moved))))
        } catch {
            let problem = try CaseProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            case .conflict: return .conflict(.init(body: .applicationProblemJson(document)))
            case .preconditionFailed: return .preconditionFailed(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            case .preconditionRequired: return .preconditionRequired(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func changeCaseParticipant(
        _ input: Operations.ChangeCaseParticipant.Input
    ) async throws -> Operations.ChangeCaseParticipant.Output {
        let principal = try principal()
        var baselineInput: Components.Schemas.Baseline?
        if case .json(let body) = input.body { baselineInput = body.baseline }
        do {
            let id = try CaseProblems.caseID(input.path.id)
            let municipality = try CaseProblems.municipalityCode(input.path.code, pointer: "/code")
            let version = try CaseProblems.expectedVersion(input.headers.ifMatch, id: id, required: false)
            let changed = try await cases.change(
                participant: municipality, of: id, ParticipantAction(input.path.action),
                baseline: try baselineInput.map { try Baseline($0, pointer: "/baseline") }, expectedVersion: version,
                by: principal)
            return .ok(.init(headers: .init(eTag: ContractETag.header(changed.version)), body: .json(.init(changed))))
        } catch {
            let problem = try CaseProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            case .conflict: return .conflict(.init(body: .applicationProblemJson(document)))
            case .preconditionFailed: return .preconditionFailed(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func addCaseNote(_ input: Operations.AddCaseNote.Input) async throws -> Operations.AddCaseNote.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let id = try CaseProblems.caseID(input.path.id)
            let note = CaseNote(
                body: body.text, minutes: body.kind == .minutes, participantsOnly: body.participantsOnly ?? false)
            let entry = try await cases.add(note, to: id, by: principal)
            return .created(.init(body: .json(.init(entry))))
        } catch {
            let problem = try CaseProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .forbidden: return .forbidden(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            case .unprocessableContent: return .unprocessableContent(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }

    func recordCaseOffer(_ input: Operations.RecordCaseOffer.Input) async throws -> Operations.RecordCaseOffer.Output {
        let principal = try principal()
        guard case .json(let body) = input.body else { throw Problem.internalError() }
        do {
            let id = try CaseProblems.caseID(input.path.id)
            let entry = try await cases.record(try CaseOffer(body), note: body.note, on: id, by: principal)
            return .created(.init(body: .json(.init(entry))))
        } catch {
            let problem = try CaseProblems.problem(for: error)
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

    func getCaseTimeline(_ input: Operations.GetCaseTimeline.Input) async throws -> Operations.GetCaseTimeline.Output {
        let principal = try principal()
        do {
            let id = try CaseProblems.caseID(input.path.id)
            let page = try PageRequest(limit: input.query.limit.map(Int.init), cursor: input.query.cursor)
            guard let timeline = try await cases.timeline(of: id, page: page, reader: principal) else {
                throw CaseError.notFound(id: id)
            }
            return .ok(
                .init(
                    body: .json(
                        .init(
                            items: timeline.items.map(Components.Schemas.CaseTimelineEntry.init),
                            nextCursor: timeline.nextCursor))))
        } catch let error as InvalidPageRequest {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        } catch {
            let problem = try CaseProblems.problem(for: error)
            let document = problem.document
            switch problem.status {
            case .badRequest: return .badRequest(.init(body: .applicationProblemJson(document)))
            case .notFound: return .notFound(.init(body: .applicationProblemJson(document)))
            default: throw problem
            }
        }
    }
}

import Ledger
import ProcurementClient

extension APIHandler {
    var cases: CaseRepository { CaseRepository(client: database, logger: requestLogger) }

    func listCases(_ input: Operations.ListCases.Input) async throws -> Operations.ListCases.Output {
        let principal = try principal()
        let query = input.query
        let page = try PageRequest(limit: query.limit.map(Int.init), cursor: query.cursor)
        var filter = CaseFilter()
        filter.vendorID = try RequestValue.id(filter: query.vendor, of: .vendor, at: "?vendor")
        filter.categoryCode = RequestValue.nonEmpty(query.category)
        filter.status = query.status.map(CaseStatus.init)
        if query.mine == true {
            guard let own = principal.municipality else { throw RequestError.municipalityRequired(.mine) }
            filter.involving = own
        }
        let result = try await cases.list(filter, page: page)
        return .ok(
            .init(
                body: .json(.init(items: result.items.map(Components.Schemas.Case.init), nextCursor: result.nextCursor))
            ))
    }

    func openCase(_ input: Operations.OpenCase.Input) async throws -> Operations.OpenCase.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let opened = try await cases.open(try CaseDraft(body), by: principal)
        return .created(.init(headers: .init(eTag: VersionETag.header(opened.version)), body: .json(.init(opened))))
    }

    func getCase(_ input: Operations.GetCase.Input) async throws -> Operations.GetCase.Output {
        _ = try principal()
        let id = try RequestValue.caseID(input.path.id)
        guard let found = try await cases.find(id) else { throw CaseError.notFound(id: id) }
        return .ok(.init(headers: .init(eTag: VersionETag.header(found.version)), body: .json(.init(found))))
    }

    func updateCase(_ input: Operations.UpdateCase.Input) async throws -> Operations.UpdateCase.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let id = try RequestValue.caseID(input.path.id)
        let version = try RequestValue.expectedVersion(input.headers.ifMatch, of: .case(id))
        let updated = try await cases.update(id, with: try CaseDetails(body), expectedVersion: version, by: principal)
        return .ok(.init(headers: .init(eTag: VersionETag.header(updated.version)), body: .json(.init(updated))))
    }

    func moveCase(_ input: Operations.MoveCase.Input) async throws -> Operations.MoveCase.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let id = try RequestValue.caseID(input.path.id)
        // Moving requires the version (428 without), so nobody moves a case they have not seen in
        // its current state.
        let version = try RequestValue.expectedVersion(input.headers.ifMatch, of: .case(id))
        let moved = try await cases.move(
            id, to: CaseStatus(body.to), agreement: try body.agreement.map(AgreementDraft.init), note: body.note,
            expectedVersion: version, by: principal)
        return .ok(.init(headers: .init(eTag: VersionETag.header(moved.version)), body: .json(.init(moved))))
    }

    func changeCaseParticipant(
        _ input: Operations.ChangeCaseParticipant.Input
    ) async throws -> Operations.ChangeCaseParticipant.Output {
        let principal = try principal()
        var baselineInput: Components.Schemas.Baseline?
        if case .json(let body) = input.body { baselineInput = body.baseline }
        let id = try RequestValue.caseID(input.path.id)
        let municipality = try RequestValue.municipalityCode(input.path.code, at: "/code")
        // Participant changes may send the version they were based on.
        let version = try RequestValue.optionalExpectedVersion(input.headers.ifMatch, of: .case(id))
        let changed = try await cases.change(
            participant: municipality, of: id, ParticipantAction(input.path.action),
            baseline: try baselineInput.map { try Baseline($0, pointer: "/baseline") }, expectedVersion: version,
            by: principal)
        return .ok(.init(headers: .init(eTag: VersionETag.header(changed.version)), body: .json(.init(changed))))
    }

    func addCaseNote(_ input: Operations.AddCaseNote.Input) async throws -> Operations.AddCaseNote.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let id = try RequestValue.caseID(input.path.id)
        let note = CaseNote(
            body: body.text, minutes: body.kind == .minutes, participantsOnly: body.participantsOnly ?? false)
        let entry = try await cases.add(note, to: id, by: principal)
        return .created(.init(body: .json(.init(entry))))
    }

    func recordCaseOffer(_ input: Operations.RecordCaseOffer.Input) async throws -> Operations.RecordCaseOffer.Output {
        let principal = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        let id = try RequestValue.caseID(input.path.id)
        let entry = try await cases.record(try CaseOffer(body), note: body.note, on: id, by: principal)
        return .created(.init(body: .json(.init(entry))))
    }

    func getCaseTimeline(_ input: Operations.GetCaseTimeline.Input) async throws -> Operations.GetCaseTimeline.Output {
        let principal = try principal()
        let id = try RequestValue.caseID(input.path.id)
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
    }
}

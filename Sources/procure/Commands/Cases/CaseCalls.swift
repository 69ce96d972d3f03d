import ProcurementClient

/// The case operations of the API, each returning its success or throwing the one-line error of
/// its problem document, so the commands read as what they do.
enum CaseCalls {
    typealias Case = Components.Schemas.Case
    typealias Entry = Components.Schemas.CaseTimelineEntry

    static func get(_ id: String, api: APIClient) async throws -> (Case, eTag: String) {
        let ok = try await api.call({ try await $0.getCase(path: .init(id: id)) }).ok
        let found = try ok.body.json
        return (found, eTag(found, ok.headers.eTag))
    }

    static func open(_ body: Components.Schemas.NewCase, api: APIClient) async throws -> Case {
        return try await api.call({ try await $0.openCase(body: .json(body)) }).created.body.json
    }

    /// Moves the case from the state just read: a change made meanwhile by someone else is a
    /// clear error rather than a move the lead did not intend.
    static func move(_ id: String, _ transition: Components.Schemas.CaseTransition, api: APIClient) async throws -> Case
    {
        let (_, eTag) = try await get(id, api: api)
        let response = try await api.write(ifStale: changedMeanwhile(id)) {
            try await $0.moveCase(path: .init(id: id), headers: .init(ifMatch: eTag), body: .json(transition))
        }
        return try response.ok.body.json
    }

    /// Writes the case's details over the state just read (412 if it changed meanwhile).
    static func update(_ id: String, api: APIClient, _ change: (Case) -> Components.Schemas.CaseDetails) async throws
        -> Case
    {
        let (current, eTag) = try await get(id, api: api)
        let response = try await api.write(ifStale: changedMeanwhile(id)) {
            try await $0.updateCase(path: .init(id: id), headers: .init(ifMatch: eTag), body: .json(change(current)))
        }
        return try response.ok.body.json
    }

    static func participant(
        _ id: String, _ code: String, _ action: Components.Schemas.ParticipantAction,
        baseline: Components.Schemas.Baseline? = nil, api: APIClient
    ) async throws -> Case {
        let response = try await api.write(ifStale: changedMeanwhile(id)) {
            try await $0.changeCaseParticipant(
                path: .init(id: id, code: code, action: action), body: .json(.init(baseline: baseline)))
        }
        return try response.ok.body.json
    }

    static func note(_ id: String, _ note: Components.Schemas.NewCaseNote, api: APIClient) async throws -> Entry {
        let created = try await api.call({ try await $0.addCaseNote(path: .init(id: id), body: .json(note)) }).created
        return try created.body.json
    }

    static func offer(_ id: String, _ offer: Components.Schemas.NewCaseOffer, api: APIClient) async throws -> Entry {
        let created = try await api.call({ try await $0.recordCaseOffer(path: .init(id: id), body: .json(offer)) })
            .created
        return try created.body.json
    }

    static func timeline(_ id: String, limit: Int?, api: APIClient) async throws -> [Entry] {
        try await collectPages(limit: limit) { pageSize, cursor in
            let query = Operations.GetCaseTimeline.Input.Query(limit: pageSize, cursor: cursor)
            let page = try await api.call({ try await $0.getCaseTimeline(path: .init(id: id), query: query) }).ok.body
                .json
            return (page.items, page.nextCursor)
        }
    }

    /// The caller's own municipality code, for the commands a municipality runs for itself; an
    /// admin names it with --municipality.
    static func ownMunicipality(_ given: String?, api: APIClient) async throws -> String {
        if let given { return given }
        let me = try await WhoamiCommand.fetchMe(api)
        guard let code = me.municipality?.code else {
            throw CLIError(CLIText.adminNamesMunicipality)
        }
        return code
    }

    /// The entity tag to send in If-Match (the generated client hands the ETag over unquoted).
    static func eTag(_ found: Case, _ header: String?) -> String {
        "\"\(header ?? String(found.version))\""
    }

    static func changedMeanwhile(_ id: String) -> CLIError {
        CLIError(CLIText.caseChanged(id))
    }
}

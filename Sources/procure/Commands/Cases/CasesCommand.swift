import ArgumentParser
import Ledger
import ProcurementClient

/// `procure cases …`: joint negotiation cases.
struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: HelpText.casesCommand.local,
        discussion: """
            A case has a lead municipality (the one that opens it) and participants. The lead invites \
            municipalities (see `procure peers` and `procure renewals`), which accept with their baseline \
            or decline; any member may ask to join an open case, and the lead approves or refuses. The \
            lead records the vendor's offers and moves the case: open → negotiating → agreed | failed → \
            closed, or withdrawn. Everything lands on the case's timeline.

            Example: procure cases open --from-renewal 12
                     procure cases accept 3 --baseline 1155000 --contract 45
                     procure cases agree 3 --amount 373869=990000 --amount 212091=1039500 \\
                         --first-fiscal-year 2027 --last-fiscal-year 2029
            """,
        subcommands: [
            OpenCase.self, ListCases.self, ShowCase.self, UpdateCase.self,
            InviteToCase.self, AcceptCase.self, DeclineCase.self, JoinCase.self, ApproveJoin.self, RefuseJoin.self,
            WithdrawFromCase.self,
            RestateBaseline.self,
            AddCaseNote.self, RecordOffer.self, AdvanceCase.self, AgreeCase.self, ShowCaseTimeline.self,
        ]
    )
}

/// `--baseline AMOUNT [--tax-excluded] [--contract ID]`: what a municipality pays now.
struct BaselineOptions: ParsableArguments {
    @Option(help: "Your baseline: the annual amount in yen you pay the vendor now, or were quoted (1,200,000円).")
    var baseline: Yen?

    @Flag(help: "The baseline excludes consumption tax (default: it includes it).")
    var taxExcluded = false

    @Option(help: "Your own contract with the case's vendor the baseline comes from (its id).")
    var contract: String?

    var value: Components.Schemas.Baseline? {
        baseline.map { .init(annualAmount: $0.value, taxIncluded: !taxExcluded, contractId: contract) }
    }

    func validate() throws {
        if baseline == nil, contract != nil { throw ValidationError("--contract goes with --baseline AMOUNT") }
    }
}

/// `procure cases list`.
struct ListCases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: HelpText.listCases.local,
        discussion: """
            Every member sees every case, so you can ask to join one (`procure cases join`).
            Examples: procure cases list --status open
                      procure cases list --mine
                      procure cases list --vendor 12 --category reservation_system --output csv
            """
    )

    @Option(help: "Only cases with this vendor (its id).")
    var vendor: String?

    @Option(help: "Only cases of this category code.")
    var category: String?

    @Option(help: "Only cases with this status: open, negotiating, agreed, failed, closed, withdrawn.")
    var status: String?

    @Flag(help: "Only cases your municipality is in (leading, invited, asking to join or taking part).")
    var mine = false

    @Option(help: "Print at most this many (default: all).")
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if let status, Components.Schemas.CaseStatus(rawValue: status) == nil {
            throw ValidationError("--status must be one of open, negotiating, agreed, failed, closed, withdrawn")
        }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let items = try await collectPages(limit: limit) { pageSize, cursor in
            let query = Operations.ListCases.Input.Query(
                vendor: vendor, category: category, status: status.flatMap(Components.Schemas.CaseStatus.init),
                mine: mine ? true : nil, limit: pageSize, cursor: cursor)
            let page = try await api.call({ try await $0.listCases(query: query) }).ok.body.json
            return (page.items, page.nextCursor)
        }
        // With --mine, where your municipality stands in each (invited: it must answer).
        let own = mine ? try await WhoamiCommand.fetchMe(api).municipality?.code : nil
        print(try CaseText.listing(items, standingOf: own).render(output.output), terminator: "")
    }
}

/// `procure cases show ID`.
struct ShowCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: HelpText.showCase.local,
        discussion: """
            With --output csv, one row per participant.
            Example: procure cases show 3
            """
    )

    @Argument(help: "The case's id (the ID column of `procure cases list`).")
    var id: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let (found, _) = try await CaseCalls.get(id, api: try APIClient.configured())
        print(try CaseText.render(found, output.output), terminator: "")
    }
}

/// `procure cases timeline ID`.
struct ShowCaseTimeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: HelpText.showCaseTimeline.local,
        discussion: """
            Times are in Japan time. A participants-only note shows as such, without its text, to \
            anyone not taking part in the case.
            Example: procure cases timeline 3 --output csv
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @Option(help: "Print at most this many entries, oldest first (default: all).")
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let (negotiation, _) = try await CaseCalls.get(id, api: api)
        let entries = try await CaseCalls.timeline(id, limit: limit, api: api)
        print(try CaseText.timeline(entries, of: negotiation).render(output.output), terminator: "")
    }
}

/// `procure cases update ID …` (the lead).
struct UpdateCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: HelpText.updateCase.local,
        discussion: """
            Reads the case, applies the options given, and writes it back only if nobody changed it in \
            between. Options not given keep their value; an empty value (--deadline "") removes an \
            optional one. The vendor and category stay: open another case for another.
            Example: procure cases update 3 --deadline 2025-02-28 --target-yen 300000
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @Option(help: "The new title.")
    var title: String?

    @Option(help: "The product or system negotiated about (\"\" for none).")
    var product: String?

    @Option(help: "What the case is about (\"\" for nothing).")
    var description: String?

    @Option(help: "The reduction sought, in whole percent (1 to 100); replaces a target in yen.")
    var targetPercent: Int32?

    @Option(help: "The reduction sought, in yen a year; replaces a target in percent.")
    var targetYen: Yen?

    @Flag(help: "Remove the target.")
    var noTarget = false

    @Option(help: "The day invited municipalities should answer by (2027-01-31 or 令和9年1月31日; \"\" for none).")
    var deadline: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if [targetPercent != nil, targetYen != nil, noTarget].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --target-percent, --target-yen and --no-target")
        }
        if let deadline, !deadline.isEmpty, Day(argument: deadline) == nil {
            throw ValidationError("The value '\(deadline)' is invalid for '--deadline <deadline>'")
        }
    }

    func run() async throws {
        let updated = try await CaseCalls.update(id, api: try APIClient.configured()) { current in
            var details = Components.Schemas.CaseDetails(
                title: title ?? current.title, product: current.product, description: current.description,
                targetReductionPercent: current.targetReductionPercent, targetReductionYen: current.targetReductionYen,
                responseDeadline: current.responseDeadline)
            if let product { details.product = product.isEmpty ? nil : product }
            if let description { details.description = description.isEmpty ? nil : description }
            if let deadline { details.responseDeadline = Day(argument: deadline)?.description }
            if noTarget || targetPercent != nil || targetYen != nil {
                details.targetReductionPercent = targetPercent
                details.targetReductionYen = targetYen?.value
            }
            return details
        }
        print(try CaseText.render(updated, output.output), terminator: "")
    }
}

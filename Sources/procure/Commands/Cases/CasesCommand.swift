import ArgumentParser
import Ledger
import ProcurementClient

/// `procure cases …`: joint negotiation cases.
struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: HelpText.casesCommand.local,
        discussion: Discussion.cases.local,
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
    @Option(help: ArgumentHelp(OptionHelp.baselineAmount.local))
    var baseline: Yen?

    @Flag(help: ArgumentHelp(OptionHelp.baselineTaxExcluded.local))
    var taxExcluded = false

    @Option(help: ArgumentHelp(OptionHelp.baselineContract.local))
    var contract: String?

    var value: Components.Schemas.Baseline? {
        baseline.map { .init(annualAmount: $0.value, taxIncluded: !taxExcluded, contractId: contract) }
    }

    func validate() throws {
        if baseline == nil, contract != nil { throw ValidationError(CLIText.contractWithoutBaseline.local) }
    }
}

/// `procure cases list`.
struct ListCases: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: HelpText.listCases.local,
        discussion: Discussion.listCases.local
    )

    @Option(help: ArgumentHelp(OptionHelp.casesVendor.local))
    var vendor: String?

    @Option(help: ArgumentHelp(OptionHelp.casesCategory.local))
    var category: String?

    @Option(help: ArgumentHelp(OptionHelp.casesStatus.local))
    var status: String?

    @Flag(help: ArgumentHelp(OptionHelp.casesMine.local))
    var mine = false

    @Option(help: ArgumentHelp(OptionHelp.limit.local))
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError(CLIText.limitAtLeastOne.local) }
        if let status, Components.Schemas.CaseStatus(rawValue: status) == nil {
            throw ValidationError(CLIText.caseStatusFilter.local)
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
        let categories = try await CategoryNames.shown(in: output.output, api: api)
        print(
            try CaseText.listing(items, categories: categories, standingOf: own).render(output.output), terminator: "")
    }
}

/// `procure cases show ID`.
struct ShowCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: HelpText.showCase.local,
        discussion: Discussion.showCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseIDFromList.local))
    var id: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let (found, _) = try await CaseCalls.get(id, api: api)
        print(try await CaseText.render(found, output.output, api: api), terminator: "")
    }
}

/// `procure cases timeline ID`.
struct ShowCaseTimeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline",
        abstract: HelpText.showCaseTimeline.local,
        discussion: Discussion.showCaseTimeline.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Option(help: ArgumentHelp(OptionHelp.timelineLimit.local))
    var limit: Int?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError(CLIText.limitAtLeastOne.local) }
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
        discussion: Discussion.updateCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Option(help: ArgumentHelp(OptionHelp.newTitle.local))
    var title: String?

    @Option(help: ArgumentHelp(OptionHelp.updateProduct.local))
    var product: String?

    @Option(help: ArgumentHelp(OptionHelp.updateDescription.local))
    var description: String?

    @Option(help: ArgumentHelp(OptionHelp.updateTargetPercent.local))
    var targetPercent: Int32?

    @Option(help: ArgumentHelp(OptionHelp.updateTargetYen.local))
    var targetYen: Yen?

    @Flag(help: ArgumentHelp(OptionHelp.noTarget.local))
    var noTarget = false

    @Option(help: ArgumentHelp(OptionHelp.updateDeadline.local))
    var deadline: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if [targetPercent != nil, targetYen != nil, noTarget].filter({ $0 }).count > 1 {
            throw ValidationError(CLIText.oneTarget.local)
        }
        if let deadline, !deadline.isEmpty, Day(argument: deadline) == nil {
            throw ValidationError(CLIText.invalidValue(deadline, for: "--deadline <deadline>").local)
        }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let updated = try await CaseCalls.update(id, api: api) { current in
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
        print(try await CaseText.render(updated, output.output, api: api), terminator: "")
    }
}

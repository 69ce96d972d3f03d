import ArgumentParser
import Ledger

/// `procure cases invite ID CODE…` (the lead).
struct InviteToCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: HelpText.inviteToCase.local,
        discussion: Discussion.inviteToCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Argument(help: ArgumentHelp(OptionHelp.inviteMunicipalities.local))
    var municipalities: [String]

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if municipalities.isEmpty { throw ValidationError(CLIText.nobodyToInvite.local) }
    }

    func run() async throws {
        let api = try APIClient.configured()
        var changed: CaseCalls.Case?
        for code in municipalities {
            changed = try await CaseCalls.participant(id, code, .invite, api: api)
        }
        if let changed { print(try await CaseText.render(changed, output.output, api: api), terminator: "") }
    }
}

/// `procure cases accept ID --baseline AMOUNT`.
struct AcceptCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: HelpText.acceptCase.local,
        discussion: Discussion.acceptCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @OptionGroup var baseline: BaselineOptions

    @Option(help: ArgumentHelp(OptionHelp.acceptingMunicipality.local))
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if baseline.baseline == nil { throw ValidationError(CLIText.stateBaseline.local) }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .accept, baseline: baseline.value, api: api)
        print(try await CaseText.render(changed, output.output, api: api), terminator: "")
    }
}

/// `procure cases decline ID`.
struct DeclineCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decline",
        abstract: HelpText.declineCase.local,
        discussion: Discussion.declineCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Option(help: ArgumentHelp(OptionHelp.decliningMunicipality.local))
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .decline, api: api)
        print(try await CaseText.render(changed, output.output, api: api), terminator: "")
    }
}

/// `procure cases join ID --baseline AMOUNT`.
struct JoinCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: HelpText.joinCase.local,
        discussion: Discussion.joinCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.openCaseID.local))
    var id: String

    @OptionGroup var baseline: BaselineOptions

    @Option(help: ArgumentHelp(OptionHelp.askingMunicipality.local))
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if baseline.baseline == nil { throw ValidationError(CLIText.stateBaseline.local) }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .join, baseline: baseline.value, api: api)
        print(try await CaseText.render(changed, output.output, api: api), terminator: "")
    }
}

/// `procure cases approve ID CODE` (the lead).
struct ApproveJoin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: HelpText.approveJoin.local,
        discussion: Discussion.approveJoin.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Argument(help: ArgumentHelp(OptionHelp.applicantMunicipality.local))
    var municipality: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let changed = try await CaseCalls.participant(id, municipality, .approve, api: api)
        print(try await CaseText.render(changed, output.output, api: api), terminator: "")
    }
}

/// `procure cases refuse ID CODE` (the lead).
struct RefuseJoin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refuse",
        abstract: HelpText.refuseJoin.local,
        discussion: Discussion.refuseJoin.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Argument(help: ArgumentHelp(OptionHelp.applicantMunicipality.local))
    var municipality: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let changed = try await CaseCalls.participant(id, municipality, .refuse, api: api)
        print(try await CaseText.render(changed, output.output, api: api), terminator: "")
    }
}

/// `procure cases withdraw ID`.
struct WithdrawFromCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: HelpText.withdrawFromCase.local,
        discussion: Discussion.withdrawFromCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Option(help: ArgumentHelp(OptionHelp.withdrawingMunicipality.local))
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .withdraw, api: api)
        print(try await CaseText.render(changed, output.output, api: api), terminator: "")
    }
}

/// `procure cases baseline ID --baseline YEN`.
struct RestateBaseline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: HelpText.restateBaseline.local,
        discussion: Discussion.restateBaseline.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @OptionGroup var baseline: BaselineOptions

    @Option(help: ArgumentHelp(OptionHelp.baselineMunicipality.local))
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if baseline.value == nil { throw ValidationError(CLIText.baselineMissing.local) }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .restate, baseline: baseline.value, api: api)
        print(try await CaseText.render(changed, output.output, api: api), terminator: "")
    }
}

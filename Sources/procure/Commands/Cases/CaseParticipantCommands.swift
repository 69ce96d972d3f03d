import ArgumentParser
import Ledger

/// `procure cases invite ID CODE…` (the lead).
struct InviteToCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: HelpText.inviteToCase.local,
        discussion: "Example: procure cases invite 3 212091 163236"
    )

    @Argument(help: "The case's id.")
    var id: String

    @Argument(help: "The municipalities to invite (6-digit codes; see `procure peers`).")
    var municipalities: [String]

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if municipalities.isEmpty { throw ValidationError("name at least one municipality to invite") }
    }

    func run() async throws {
        let api = try APIClient.configured()
        var changed: CaseCalls.Case?
        for code in municipalities {
            changed = try await CaseCalls.participant(id, code, .invite, api: api)
        }
        if let changed { print(try CaseText.render(changed, output.output), terminator: "") }
    }
}

/// `procure cases accept ID --baseline AMOUNT`.
struct AcceptCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accept",
        abstract: HelpText.acceptCase.local,
        discussion: """
            The baseline is what you pay the vendor a year now (or were quoted); --contract links it to \
            your own contract with the case's vendor.
            Example: procure cases accept 3 --baseline 1155000 --contract 45
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @OptionGroup var baseline: BaselineOptions

    @Option(help: "The municipality accepting (a 6-digit code; admins only).")
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if baseline.baseline == nil { throw ValidationError("state your baseline with --baseline AMOUNT") }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .accept, baseline: baseline.value, api: api)
        print(try CaseText.render(changed, output.output), terminator: "")
    }
}

/// `procure cases decline ID`.
struct DeclineCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decline",
        abstract: HelpText.declineCase.local,
        discussion: "Example: procure cases decline 3"
    )

    @Argument(help: "The case's id.")
    var id: String

    @Option(help: "The municipality declining (a 6-digit code; admins only).")
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .decline, api: api)
        print(try CaseText.render(changed, output.output), terminator: "")
    }
}

/// `procure cases join ID --baseline AMOUNT`.
struct JoinCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: HelpText.joinCase.local,
        discussion: "Example: procure cases join 3 --baseline 3300000"
    )

    @Argument(help: "The case's id (see `procure cases list --status open`).")
    var id: String

    @OptionGroup var baseline: BaselineOptions

    @Option(help: "The municipality asking (a 6-digit code; admins only).")
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if baseline.baseline == nil { throw ValidationError("state your baseline with --baseline AMOUNT") }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .join, baseline: baseline.value, api: api)
        print(try CaseText.render(changed, output.output), terminator: "")
    }
}

/// `procure cases approve ID CODE` (the lead).
struct ApproveJoin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve",
        abstract: HelpText.approveJoin.local,
        discussion: "Example: procure cases approve 3 121002"
    )

    @Argument(help: "The case's id.")
    var id: String

    @Argument(help: "The municipality that asked to join (a 6-digit code).")
    var municipality: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let changed = try await CaseCalls.participant(id, municipality, .approve, api: try APIClient.configured())
        print(try CaseText.render(changed, output.output), terminator: "")
    }
}

/// `procure cases refuse ID CODE` (the lead).
struct RefuseJoin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refuse",
        abstract: HelpText.refuseJoin.local,
        discussion: "Example: procure cases refuse 3 121002"
    )

    @Argument(help: "The case's id.")
    var id: String

    @Argument(help: "The municipality that asked to join (a 6-digit code).")
    var municipality: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let changed = try await CaseCalls.participant(id, municipality, .refuse, api: try APIClient.configured())
        print(try CaseText.render(changed, output.output), terminator: "")
    }
}

/// `procure cases withdraw ID`.
struct WithdrawFromCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "withdraw",
        abstract: HelpText.withdrawFromCase.local,
        discussion: """
            Withdraws an invitation answer, a request to join or your participation. The lead does not \
            leave its own case: it withdraws the whole case with `procure cases advance ID withdrawn`.
            Example: procure cases withdraw 3
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @Option(help: "The municipality withdrawing (a 6-digit code; admins only).")
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .withdraw, api: api)
        print(try CaseText.render(changed, output.output), terminator: "")
    }
}

/// `procure cases baseline ID --baseline YEN`.
struct RestateBaseline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: HelpText.restateBaseline.local,
        discussion: """
            The baseline is what your municipality pays the vendor a year now, or was quoted; savings are \
            counted against it, so agreeing needs every active participant's.
            Example: procure cases baseline 3 --baseline 1,100,000 --contract 12
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @OptionGroup var baseline: BaselineOptions

    @Option(help: "The municipality whose baseline it is (a 6-digit code; admins only).")
    var municipality: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if baseline.value == nil { throw ValidationError("give --baseline YEN") }
    }

    func run() async throws {
        let api = try APIClient.configured()
        let code = try await CaseCalls.ownMunicipality(municipality, api: api)
        let changed = try await CaseCalls.participant(id, code, .restate, baseline: baseline.value, api: api)
        print(try CaseText.render(changed, output.output), terminator: "")
    }
}

import ArgumentParser
import Ledger
import ProcurementClient

/// `procure cases note ID TEXT`.
struct AddCaseNote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: HelpText.addCaseNote.local,
        discussion: Discussion.addCaseNote.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Argument(help: ArgumentHelp(OptionHelp.noteText.local))
    var text: String

    @Flag(help: ArgumentHelp(OptionHelp.noteMinutes.local))
    var minutes = false

    @Flag(help: ArgumentHelp(OptionHelp.noteParticipantsOnly.local))
    var participantsOnly = false

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let note = Components.Schemas.NewCaseNote(
            text: text, kind: minutes ? .minutes : .note, participantsOnly: participantsOnly)
        let entry = try await CaseCalls.note(id, note, api: try APIClient.configured())
        print(try CaseText.timeline([entry]).render(output.output), terminator: "")
    }
}

/// `procure cases offer ID --amount N` (the lead).
struct RecordOffer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offer",
        abstract: HelpText.recordOffer.local,
        discussion: Discussion.recordOffer.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Option(help: ArgumentHelp(OptionHelp.offerAmount.local))
    var amount: Yen

    @Flag(help: ArgumentHelp(OptionHelp.offerTaxExcluded.local))
    var taxExcluded = false

    @Option(help: ArgumentHelp(OptionHelp.offerDate.local))
    var date: Day

    @Option(help: ArgumentHelp(OptionHelp.offerValidUntil.local))
    var validUntil: Day?

    @Option(help: ArgumentHelp(OptionHelp.offerMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.timelineRemark.local))
    var note: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let offer = Components.Schemas.NewCaseOffer(
            municipalityCode: municipality, amount: amount.value, taxIncluded: !taxExcluded,
            offeredOn: date.description, validUntil: validUntil?.description, note: note)
        let entry = try await CaseCalls.offer(id, offer, api: try APIClient.configured())
        print(try CaseText.timeline([entry]).render(output.output), terminator: "")
    }
}

/// `procure cases advance ID STATUS` (the lead).
struct AdvanceCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "advance",
        abstract: HelpText.advanceCase.local,
        discussion: Discussion.advanceCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Argument(help: ArgumentHelp(OptionHelp.advanceStatus.local))
    var status: String

    @Option(help: ArgumentHelp(OptionHelp.advanceReason.local))
    var note: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard let target = Components.Schemas.CaseStatus(rawValue: status) else {
            throw ValidationError(CLIText.advanceStatus.local)
        }
        if target == .agreed {
            throw ValidationError(CLIText.agreeByAgree.local)
        }
    }

    func run() async throws {
        let api = try APIClient.configured()
        guard let target = Components.Schemas.CaseStatus(rawValue: status) else { return }
        let moved = try await CaseCalls.move(id, .init(to: target, note: note), api: api)
        print(try await CaseText.render(moved, output.output, api: api), terminator: "")
    }
}

/// `procure cases agree ID --amount CODE=YEN…` (the lead).
struct AgreeCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agree",
        abstract: HelpText.agreeCase.local,
        discussion: Discussion.agreeCase.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var id: String

    @Option(help: ArgumentHelp(OptionHelp.agreedAmount.local))
    var amount: [String]

    @Flag(help: ArgumentHelp(OptionHelp.amountsTaxExcluded.local))
    var taxExcluded = false

    @Option(help: ArgumentHelp(OptionHelp.agreeFirstFiscalYear.local))
    var firstFiscalYear: Int32

    @Option(help: ArgumentHelp(OptionHelp.agreeLastFiscalYear.local))
    var lastFiscalYear: Int32?

    @Option(help: ArgumentHelp(OptionHelp.timelineRemark.local))
    var note: String?

    @OptionGroup var output: OutputOptions

    func amounts() throws -> [Components.Schemas.AgreedAmount] {
        try amount.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let yen = Yen(argument: parts[1])?.value else {
                throw ValidationError(CLIText.malformedAgreedAmount(pair).local)
            }
            return .init(municipalityCode: parts[0], annualAmount: yen, taxIncluded: !taxExcluded)
        }
    }

    func validate() throws {
        if amount.isEmpty { throw ValidationError(CLIText.agreedAmountsMissing.local) }
        _ = try amounts()
    }

    func run() async throws {
        let api = try APIClient.configured()
        let agreement = Components.Schemas.CaseAgreement(
            firstFiscalYear: firstFiscalYear, lastFiscalYear: lastFiscalYear ?? firstFiscalYear, amounts: try amounts())
        let moved = try await CaseCalls.move(
            id, .init(to: .agreed, note: note, agreement: agreement), api: api)
        print(try await CaseText.render(moved, output.output, api: api), terminator: "")
    }
}

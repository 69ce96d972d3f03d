import ArgumentParser
import Ledger
import ProcurementClient

/// `procure cases note ID TEXT`.
struct AddCaseNote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: HelpText.addCaseNote.local,
        discussion: """
            --participants-only keeps the text to the case's participants: others see that a note \
            exists, not what it says.
            Examples: procure cases note 3 "ベンダーに見積根拠の提示を依頼"
                      procure cases note 3 --minutes --participants-only "第1回打合せ: 各団体の上限額を共有"
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @Argument(help: "The text.")
    var text: String

    @Flag(help: "The text is meeting minutes rather than a note.")
    var minutes = false

    @Flag(help: "Only the case's participants may read the text.")
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
        discussion: """
            An offer is for the whole group unless --municipality names the participant it is for.
            Examples: procure cases offer 3 --amount 3000000 --date 2026-12-10 --valid-until 2027-01-31
                      procure cases offer 3 --amount 1039500 --municipality 212091 --note 羽島市分
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @Option(help: "The amount offered, in yen a year (3,000,000 or 3,000,000円).")
    var amount: Yen

    @Flag(help: "The amount excludes consumption tax (default: it includes it).")
    var taxExcluded = false

    @Option(help: "The day of the offer (2026-12-10 or 令和8年12月10日).")
    var date: Day

    @Option(help: "The last day the offer is valid (as --date).")
    var validUntil: Day?

    @Option(help: "The participant the offer is for (a 6-digit code; default: the whole group).")
    var municipality: String?

    @Option(help: "A remark for the timeline.")
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
        discussion: """
            open → negotiating (needs two active participants, the lead included) → agreed | failed → \
            closed; an open or negotiating case can be withdrawn. To agree, use `procure cases agree`.
            Examples: procure cases advance 3 negotiating
                      procure cases advance 3 failed --note ベンダーが減額に応じず
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @Argument(help: "The status to move to: negotiating, failed, closed or withdrawn.")
    var status: String

    @Option(help: "Why, for the timeline.")
    var note: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard let target = Components.Schemas.CaseStatus(rawValue: status) else {
            throw ValidationError("the status must be negotiating, failed, closed or withdrawn")
        }
        if target == .agreed {
            throw ValidationError("to agree, use `procure cases agree` with each participant's amount")
        }
    }

    func run() async throws {
        guard let target = Components.Schemas.CaseStatus(rawValue: status) else { return }
        let moved = try await CaseCalls.move(id, .init(to: target, note: note), api: try APIClient.configured())
        print(try CaseText.render(moved, output.output), terminator: "")
    }
}

/// `procure cases agree ID --amount CODE=YEN…` (the lead).
struct AgreeCase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agree",
        abstract: HelpText.agreeCase.local,
        discussion: """
            Give the agreed annual amount of every active participant (the lead included) and the \
            fiscal years (年度, April–March) it covers; the savings ledger reads them.
            Example: procure cases agree 3 --amount 373869=990000 --amount 212091=1039500 \\
                         --first-fiscal-year 2027 --last-fiscal-year 2029
            """
    )

    @Argument(help: "The case's id.")
    var id: String

    @Option(help: "A participant's agreed annual amount, CODE=YEN (e.g. 212091=1039500); repeat for each.")
    var amount: [String]

    @Flag(help: "The amounts exclude consumption tax (default: they include it).")
    var taxExcluded = false

    @Option(help: "The first fiscal year the amounts apply to (FY2027 = 2027-04-01 … 2028-03-31).")
    var firstFiscalYear: Int32

    @Option(help: "The last fiscal year they apply to (default: the first).")
    var lastFiscalYear: Int32?

    @Option(help: "A remark for the timeline.")
    var note: String?

    @OptionGroup var output: OutputOptions

    func amounts() throws -> [Components.Schemas.AgreedAmount] {
        try amount.map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let yen = Yen(argument: parts[1])?.value else {
                throw ValidationError("--amount takes CODE=YEN, e.g. 212091=1039500 (not '\(pair)')")
            }
            return .init(municipalityCode: parts[0], annualAmount: yen, taxIncluded: !taxExcluded)
        }
    }

    func validate() throws {
        if amount.isEmpty { throw ValidationError("give each participant's --amount CODE=YEN") }
        _ = try amounts()
    }

    func run() async throws {
        let agreement = Components.Schemas.CaseAgreement(
            firstFiscalYear: firstFiscalYear, lastFiscalYear: lastFiscalYear ?? firstFiscalYear, amounts: try amounts())
        let moved = try await CaseCalls.move(
            id, .init(to: .agreed, note: note, agreement: agreement), api: try APIClient.configured())
        print(try CaseText.render(moved, output.output), terminator: "")
    }
}

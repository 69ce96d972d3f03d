import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure savings …`: the cost-reduction ledger.
struct SavingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "savings",
        abstract: HelpText.savingsCommand.local,
        discussion: """
            The ledger is append-only: an entry is never changed. To correct one, reverse it \
            (`procure savings reverse`) and record the right figure. Reports: `procure report savings`.

            Example: procure savings record 3 --baseline 1100000 --negotiated 990000 --effective-date 2025-04-01
                     procure savings reverse 7 --reason "金額の誤り"
                     procure savings verify
            """,
        subcommands: [RecordSavings.self, ReverseSavings.self, ListSavings.self, VerifySavings.self]
    )
}

/// `procure savings record CASE …`.
struct RecordSavings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: HelpText.recordSavings.local,
        discussion: """
            The figures are the case's agreement for the municipality: the agreed annual amount and \
            the baseline it stated (either tax basis). Other figures need --differs-from-agreement \
            and --reason, which is kept with the entry.
            If no answer comes, it prints the idempotency key it sent (on standard error): run the \
            same command again with --idempotency-key KEY, and the server records the entry at most \
            once and answers with the original entry.
            Example: procure savings record 3 --municipality 212091 --baseline 1155000 --negotiated 1039500 \\
                         --effective-date 2025-04-01
            """
    )

    @Argument(help: "The case's id.")
    var caseID: String

    @Option(help: "The participant's 6-digit code (default: your own municipality).")
    var municipality: String?

    @Option(help: "What the municipality paid (or was quoted) before, in yen (1,100,000 or 1,100,000円).")
    var baseline: Yen

    @Option(help: "What it pays under the agreement, in yen.")
    var negotiated: Yen

    @Flag(help: "The amounts exclude consumption tax (default: they include it).")
    var taxExcluded = false

    @Option(help: "The date the saving takes effect (2026-04-01 or 令和8年4月1日); it decides the fiscal year.")
    var effectiveDate: Day

    @Option(help: "The fiscal year, checked against the effective date (FY2024 = 2024-04-01 … 2025-03-31).")
    var fiscalYear: Int32?

    @Option(help: "A note kept with the entry.")
    var note: String?

    @Flag(help: "The figures are not the agreement's (give --reason).")
    var differsFromAgreement = false

    @Option(help: "Why the figures differ from the agreement; kept with the entry.")
    var reason: String?

    @Option(help: "Retry a request with the key it printed (default: a new key).")
    var idempotencyKey: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        var code = municipality
        if code == nil {
            guard let own = try await WhoamiCommand.fetchMe(api).municipality?.code else {
                throw CLIError(CLIText.adminNamesMunicipality)
            }
            code = own
        }
        let key = idempotencyKey ?? UUID().uuidString.lowercased()
        let body = Components.Schemas.NewSavingsEntry(
            municipalityCode: code ?? "", fiscalYear: fiscalYear, effectiveDate: effectiveDate.description,
            baselineAmount: baseline.value, negotiatedAmount: negotiated.value, taxIncluded: !taxExcluded, note: note,
            differsFromAgreement: differsFromAgreement ? true : nil, reason: reason)
        let response: Operations.RecordSavings.Output
        do {
            response = try await api.call {
                try await $0.recordSavings(
                    path: .init(id: caseID), headers: .init(idempotencyKey: key), body: .json(body))
            }
        } catch let problem as APIProblem where problem.problem?.code == "differs_from_agreement" {
            throw CLIError(.verbatim(problem.description + "\n") + CLIText.differsFromAgreementHint)
        } catch let problem as APIProblem where problem.status < 500 {
            // Refused: the same request again would be refused again; no key to keep.
            throw problem
        } catch {
            // The server may or may not have recorded it (no answer, or it failed): retrying with
            // the same key records it at most once.
            StandardError.write(DoneText.idempotencyKey(key).local + "\n")
            throw error
        }
        let created = try response.created
        if created.headers.idempotentReplayed == "true" {
            StandardError.write(DoneText.alreadyRecorded.local + "\n")
        }
        print(try SavingsText.entry(try created.body.json).render(output.output), terminator: "")
    }
}

/// `procure savings reverse ENTRY --reason …`.
struct ReverseSavings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reverse",
        abstract: HelpText.reverseSavings.local,
        discussion: "Example: procure savings reverse 7 --reason \"金額の誤り\""
    )

    @Argument(help: "The entry's id (the ID column of `procure savings list`).")
    var id: String

    @Option(help: "Why the entry is reversed.")
    var reason: String

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        let response = try await api.call {
            try await $0.reverseSavings(path: .init(id: id), body: .json(.init(reason: reason)))
        }
        let created = try response.created
        print(try SavingsText.entry(try created.body.json).render(output.output), terminator: "")
    }
}

/// `procure savings list`.
struct ListSavings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: HelpText.listSavings.local,
        discussion: """
            With --municipality, a statement: each line with the running total of its savings.
            Examples: procure savings list --case 3
                      procure savings list --municipality 373869 --output csv
            """
    )

    @Option(help: "Only this municipality's entries (its 6-digit code), with a running total.")
    var municipality: String?

    @Option(name: .customLong("case"), help: "Only this case's entries.")
    var caseID: String?

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let api = try APIClient.configured()
        if let municipality, caseID == nil {
            let response = try await api.call {
                try await $0.getSavingsStatement(query: .init(municipality: municipality))
            }
            let statement = try response.ok.body.json
            print(
                try SavingsText.listing(
                    statement.lines.map(\.entry), running: statement.lines.map(\.runningSavings)
                )
                .render(output.output), terminator: "")
            return
        }
        let items = try await collectPages { pageSize, cursor in
            let query = Operations.ListSavings.Input.Query(
                municipality: municipality, _case: caseID, limit: pageSize, cursor: cursor)
            let page = try await api.call({ try await $0.listSavings(query: query) }).ok.body.json
            return (page.items, page.nextCursor)
        }
        print(try SavingsText.listing(items, running: nil).render(output.output), terminator: "")
    }
}

/// `procure savings verify`.
struct VerifySavings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: HelpText.verifySavings.local,
        discussion: "Exits with status 1 when the chain does not match."
    )

    func run() async throws {
        let api = try APIClient.configured()
        let result = try await api.call({ try await $0.verifySavings() }).ok.body.json
        if let mismatch = result.firstMismatch {
            throw CLIError(
                CLIText.ledgerBroken(
                    entry: mismatch.entryId, position: mismatch.chainPosition.map { "\($0)" },
                    reason: mismatch.reason))
        }
        print(CLIText.ledgerIntact(formatCount(result.entries)).local)
    }
}

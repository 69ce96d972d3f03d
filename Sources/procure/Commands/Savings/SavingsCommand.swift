import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure savings …`: the cost-reduction ledger.
struct SavingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "savings",
        abstract: HelpText.savingsCommand.local,
        discussion: Discussion.savings.local,
        subcommands: [RecordSavings.self, ReverseSavings.self, ListSavings.self, VerifySavings.self]
    )
}

/// `procure savings record CASE …`.
struct RecordSavings: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: HelpText.recordSavings.local,
        discussion: Discussion.recordSavings.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.caseID.local))
    var caseID: String

    @Option(help: ArgumentHelp(OptionHelp.savingsMunicipality.local))
    var municipality: String?

    @Option(help: ArgumentHelp(OptionHelp.savingsBaseline.local))
    var baseline: Yen

    @Option(help: ArgumentHelp(OptionHelp.savingsNegotiated.local))
    var negotiated: Yen

    @Flag(help: ArgumentHelp(OptionHelp.amountsTaxExcluded.local))
    var taxExcluded = false

    @Option(help: ArgumentHelp(OptionHelp.savingsEffectiveDate.local))
    var effectiveDate: Day

    @Option(help: ArgumentHelp(OptionHelp.savingsFiscalYear.local))
    var fiscalYear: Int32?

    @Option(help: ArgumentHelp(OptionHelp.savingsNote.local))
    var note: String?

    @Flag(help: ArgumentHelp(OptionHelp.differsFromAgreement.local))
    var differsFromAgreement = false

    @Option(help: ArgumentHelp(OptionHelp.differsReason.local))
    var reason: String?

    @Option(help: ArgumentHelp(OptionHelp.idempotencyKey.local))
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
        discussion: Discussion.reverseSavings.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.savingsEntryID.local))
    var id: String

    @Option(help: ArgumentHelp(OptionHelp.reverseReason.local))
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
        discussion: Discussion.listSavings.local
    )

    @Option(help: ArgumentHelp(OptionHelp.savingsListMunicipality.local))
    var municipality: String?

    @Option(name: .customLong("case"), help: ArgumentHelp(OptionHelp.savingsListCase.local))
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
        discussion: Discussion.verifySavings.local
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

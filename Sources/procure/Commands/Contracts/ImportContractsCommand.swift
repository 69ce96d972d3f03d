import ArgumentParser
import Foundation
import Ledger
import ProcurementClient

/// `procure contracts import FILE.csv`: a municipality's contract list into the register.
struct ImportContracts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: HelpText.importContracts.local,
        discussion: """
            The first row names the columns, in Japanese or English (either name below; case, spaces \
            and full-width letters do not matter). Required: 件名, 事業者名, 分類, 金額, 税込, 支払区分, \
            開始日, 終了日, 契約方法.

              件名 / title: what was bought
              製品名 / product: the product or system
              事業者名, 業者名 / vendorName: the vendor; matched to registered vendors
              法人番号 / vendorCorporateNumber: 13 digits; matched before the name
              分類 / categoryCode: a category code or name (procure categories list)
              金額 / amount: whole yen (1234000, 1,234,000, ¥1,234,000, 1,234,000円)
              税込 / taxIncluded: 税込 or 税抜 (also true or false)
              支払区分 / billingBasis: 一括, 月額 or 年額 (one_time, monthly, annual)
              開始日, 終了日 / startDate, endDate: 2024-04-01, 2024/4/1, 令和6年4月1日
              契約方法 / contractMethod: 一般競争入札, 指名競争入札, 随意契約 or その他
              更新通知日 / renewalNoticeDate: a date no later than the end date
              契約番号 / externalReference: your contract number; identifies it
              備考 / notes, 出典URL / sourceUrl

            Rows are matched to the register by 契約番号, so importing the same file again changes \
            nothing and a changed row updates its contract (with history). Rows without one are \
            matched by vendor, title and start date. Nothing is deleted. Every invalid row is listed \
            with its line and column; unless --skip-invalid is given, nothing is imported when any row \
            is invalid. The encoding is detected (UTF-8 with or without BOM, else CP932); see also \
            docs/import.md.

            Examples: procure contracts import 契約一覧.csv
                      procure contracts import contracts.csv --skip-invalid --output json
                      procure contracts import list.csv --municipality 373869   (admins)
            """
    )

    @Argument(help: "The CSV file.")
    var file: String

    @Option(help: "Whose contracts (a 6-digit local-government code); admins must give it, members import their own.")
    var municipality: String?

    @Flag(help: "Import the valid rows and list the invalid ones, instead of importing nothing if any row is invalid.")
    var skipInvalid = false

    @Option(help: "The file's encoding: auto (UTF-8 if the file is valid UTF-8, else CP932), utf-8 or cp932.")
    var encoding: EncodingChoice = .auto

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if output.output == .csv { throw ValidationError("import prints a summary (table) or the result as json") }
    }

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        let textEncoding: TextEncoding
        switch encoding {
        case .utf8: textEncoding = .utf8
        case .cp932: textEncoding = .cp932
        case .auto:
            do {
                textEncoding = try TextEncoding.detect(fileAt: url)
            } catch {
                throw CLIError(CLIText.cannotRead(file, (error as NSError).localizedDescription))
            }
        }
        let reader = try ImportRowReader(url: url, encoding: textEncoding)
        let upload = try ContractUpload.configured()
        let importID = try await upload.open(municipality: municipality, skipInvalid: skipInvalid)

        var progress = ImportProgress(totalBytes: reader.stream.totalBytes)
        var rowErrors: [Components.Schemas.ImportRowError] = []
        var rowsSent = 0
        // One chunk uploads while the next is read: the file is parsed while the server validates
        // and stages, and at most two chunks are in memory.
        var inFlight: Task<[Components.Schemas.ImportRowError], any Error>?
        defer { inFlight?.cancel() }
        while let chunk = try reader.nextChunk() {
            if let previous = inFlight { rowErrors += try await previous.value }
            inFlight = Task { try await upload.send(chunk, to: importID) }
            rowsSent += chunk.count
            progress.update(rowsSent: rowsSent, bytesRead: reader.stream.bytesRead)
        }
        if let previous = inFlight { rowErrors += try await previous.value }
        inFlight = nil

        progress.status(DoneText.committing(formatCount(rowsSent)).local)
        let outcome = try await upload.commit(importID)
        progress.clear()
        let name = url.lastPathComponent
        switch outcome {
        case .imported(var result):
            result.errors = Self.merged(rowErrors, result.errors)
            if output.output == .json {
                StandardOutput.write(try Self.json(result))
            } else {
                StandardOutput.write(Self.summary(of: result, file: name, headers: reader.headers))
            }
        case .rejected(let rejection):
            let errors = Self.merged(rowErrors, rejection.rowErrors)
            StandardError.write(errors.map { Self.describe($0, headers: reader.headers) + "\n" }.joined())
            let count = Set(errors.map(\.line)).count
            throw CLIError(CLIText.importRejected(name, count: count))
        }
    }

    /// `imported contracts.csv: 120 created, 3 updated, 877 unchanged, 2 vendors registered`, then
    /// the skipped rows.
    static func summary(
        of result: Components.Schemas.ContractImportResult, file: String, headers: ImportHeaders
    ) -> String {
        var text =
            DoneText.imported(
                file, created: result.created, updated: result.updated, unchanged: result.unchanged,
                vendors: result.vendorsCreated, skipped: result.skipped
            ).local + "\n"
        for error in result.errors { text += "  " + Self.describe(error, headers: headers) + "\n" }
        for vendor in result.similarNewVendors ?? [] {
            text +=
                DoneText.similarNewVendor(
                    id: vendor.id, name: vendor.name, similar: vendor.similar.map { "#\($0.id) \($0.name)" }
                ).local + "\n"
        }
        return text
    }

    /// Every row error, once, by line: the chunks' answers list each chunk's invalid rows (all of
    /// them), the commit's the rows found invalid across chunks (a contract number repeated) and
    /// at most the first 1,000 of all.
    static func merged(
        _ fromChunks: [Components.Schemas.ImportRowError], _ fromCommit: [Components.Schemas.ImportRowError]
    ) -> [Components.Schemas.ImportRowError] {
        var seen = Set(fromChunks)
        return (fromChunks + fromCommit.filter { seen.insert($0).inserted }).sorted {
            ($0.line, $0.column) < ($1.line, $1.column)
        }
    }

    /// `line 12, 終了日: the end date 2024-03-31 is before the start date 2024-04-01`
    static func describe(_ error: Components.Schemas.ImportRowError, headers: ImportHeaders) -> String {
        DoneText.rowError(line: error.line, column: headers.title(of: error.column), message: error.message).local
    }

    static func json(_ result: Components.Schemas.ContractImportResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(result), as: UTF8.self) + "\n"
    }
}

import ArgumentParser
import Foundation
import Ledger
import ProcurementClient
import Spreadsheet

/// `procure contracts import FILE.csv`: a municipality's contract list into the register.
struct ImportContracts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: HelpText.importContracts.local,
        discussion: Discussion.importContracts.local
    )

    @Argument(help: ArgumentHelp(OptionHelp.importFile.local))
    var file: String?

    @Flag(help: ArgumentHelp(OptionHelp.importTemplate.local))
    var template = false

    @Option(help: ArgumentHelp(OptionHelp.importMunicipality.local))
    var municipality: String?

    @Flag(help: ArgumentHelp(OptionHelp.importSkipInvalid.local))
    var skipInvalid = false

    @Option(help: ArgumentHelp(OptionHelp.importEncoding.local))
    var encoding: EncodingChoice = .auto

    @Option(help: ArgumentHelp(OptionHelp.importSheet.local, valueName: "NAME|N"))
    var sheet: String?

    @Option(help: ArgumentHelp(OptionHelp.importMap.local, valueName: "HEADING=column"))
    var map: [String] = []

    @Option(help: ArgumentHelp(OptionHelp.importIgnore.local, valueName: "HEADING"))
    var ignore: [String] = []

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if template {
            if file != nil { throw ValidationError(CLIText.templateWithFile.local) }
            return
        }
        if file == nil { throw ValidationError(CLIText.importNeedsFile.local) }
        if output.output == .csv || output.output == .xlsx { throw ValidationError(CLIText.importOutput.local) }
        do {
            _ = try mappings()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// `--map` as headings and the columns they name.
    func mappings() throws(CLIError) -> [String: ImportColumn] {
        var mappings: [String: ImportColumn] = [:]
        for pair in map {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let column = ImportHeaders.column(flag: parts[1]) else {
                throw CLIError(
                    CLIText.badMapping(pair, columns: ImportColumn.allCases.map(\.rawValue).joined(separator: ", ")))
            }
            mappings[parts[0]] = column
        }
        return mappings
    }

    func run() async throws {
        guard let file, !template else {
            print(try Self.template(output.output), terminator: "")
            return
        }
        let url = URL(fileURLWithPath: file)
        let source = try Self.rowSource(url: url, encoding: encoding, sheet: sheet)
        let reader = try ImportRowReader(
            source: source, fileName: url.lastPathComponent, mappings: try mappings(), ignored: Set(ignore))
        let upload = try ContractUpload.configured()
        let opened = try await upload.open(municipality: municipality, skipInvalid: skipInvalid)
        let importID = opened.id
        reader.municipality = opened.municipalityCode

        var progress = ImportProgress(totalBytes: reader.source.totalBytes)
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
            progress.update(rowsSent: rowsSent, bytesRead: reader.source.bytesRead)
        }
        if let previous = inFlight { rowErrors += try await previous.value }
        inFlight = nil
        let name = url.lastPathComponent
        let unsent = reader.invalidRows
        if !unsent.isEmpty && !skipInvalid {
            // All or nothing: a row the file itself gets wrong stops the import like a row the
            // server refuses; the staged rows are not committed.
            progress.clear()
            let errors = Self.merged(rowErrors + unsent, [])
            StandardError.write(errors.map { Self.describe($0, headers: reader.headers) + "\n" }.joined())
            throw CLIError(CLIText.importRejected(name, count: Set(errors.map(\.line)).count))
        }

        progress.status(DoneText.committing(formatCount(rowsSent)).local)
        let outcome = try await upload.commit(importID)
        progress.clear()
        switch outcome {
        case .imported(var result):
            result.errors = Self.merged(rowErrors + unsent, result.errors)
            result.skipped += Int32(clamping: unsent.count)
            if output.output == .json {
                StandardOutput.write(try Self.json(result))
            } else {
                StandardOutput.write(Self.whereRead(reader))
                StandardOutput.write(Self.summary(of: result, file: name, headers: reader.headers))
            }
        case .rejected(let rejection):
            StandardError.write(Self.whereRead(reader))
            let errors = Self.merged(rowErrors + unsent, rejection.rowErrors)
            StandardError.write(errors.map { Self.describe($0, headers: reader.headers) + "\n" }.joined())
            let count = Set(errors.map(\.line)).count
            throw CLIError(CLIText.importRejected(name, count: count))
        }
    }

    /// `--template`: the canonical headings, as a table (or JSON) to read, or as an empty list to
    /// fill in — a CSV header row, or a workbook headed by them (`--output xlsx --out FILE`).
    static func template(_ format: OutputFormat) throws -> String {
        let headings = ContractWorkbook.columns.map(ImportHeaders.canonicalName)
        switch format {
        case .table, .json: return try ContractWorkbook.template().render(format)
        case .csv: return try OutputEncoding.csv(header: headings, rows: [])
        case .xlsx:
            _ = try OutputEncoding.workbook(headings: headings, rows: [])
            return DoneText.wroteTemplate(OutputEncoding.workbookDestination?.lastPathComponent ?? "").local + "\n"
        }
    }

    /// The file's rows: a workbook's sheet (by what its first bytes say, whatever the file's
    /// name), else CSV text in the given encoding.
    static func rowSource(url: URL, encoding: EncodingChoice, sheet: String?) throws(CLIError) -> any ImportRowSource {
        let name = url.lastPathComponent
        if Workbook.kind(ofFileAt: url) != .other {
            if encoding != .auto { throw CLIError(CLIText.encodingOfWorkbook(name)) }
            return try WorkbookRowSource(url: url, sheet: sheet)
        }
        if sheet != nil { throw CLIError(CLIText.sheetOfText(name)) }
        let textEncoding: TextEncoding
        switch encoding {
        case .utf8: textEncoding = .utf8
        case .cp932: textEncoding = .cp932
        case .auto:
            do {
                textEncoding = try TextEncoding.detect(fileAt: url)
            } catch {
                throw CLIError(CLIText.cannotRead(name, (error as NSError).localizedDescription))
            }
        }
        return try CSVRowSource(url: url, encoding: textEncoding)
    }

    /// Where the rows were found, above the summary: the sheet of a workbook with several, and the
    /// header's line when rows above it were skipped.
    static func whereRead(_ reader: ImportRowReader) -> String {
        var text = ""
        if let workbook = reader.source as? WorkbookRowSource, workbook.sheetCount > 1 {
            text +=
                DoneText.sheetRead(workbook.sheetName, number: workbook.sheetNumber, of: workbook.sheetCount).local
                + "\n"
        }
        if reader.headerLine > 1 { text += DoneText.headerFound(line: reader.headerLine).local + "\n" }
        return text
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

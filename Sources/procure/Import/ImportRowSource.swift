import CSV
import Foundation
import Spreadsheet

/// Where an import's rows come from, each with the line a person finds it on: a CSV file (its
/// text lines) or a workbook's sheet (Excel's row numbers).
protocol ImportRowSource: AnyObject {
    /// The next row and its line; nil after the last.
    func nextRow() throws(CLIError) -> (line: Int, cells: [String])?
    /// How much of the file is read, and its size, for the progress bar.
    var bytesRead: Int { get }
    var totalBytes: Int { get }
}

/// A CSV file's rows. A row's line is the line it starts on, as a text editor numbers them: a
/// cell with line breaks inside quotes makes the next row start further down.
final class CSVRowSource: ImportRowSource {
    private let stream: ImportFileStream
    private let reader: CSVReader
    private var nextLine = 1

    init(url: URL, encoding: TextEncoding) throws(CLIError) {
        stream = try ImportFileStream(url: url, encoding: encoding)
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: false)
        } catch {
            throw stream.failure ?? CLIError(CLIText.noHeaderRow(url.lastPathComponent))
        }
        if let failure = stream.failure { throw failure }
    }

    var bytesRead: Int { stream.bytesRead }
    var totalBytes: Int { stream.totalBytes }

    func nextRow() throws(CLIError) -> (line: Int, cells: [String])? {
        guard let cells = reader.next() else {
            if let failure = stream.failure { throw failure }
            if let error = reader.error { throw CLIError(CLIText.unreadableLine(nextLine, "\(error)")) }
            return nil
        }
        let line = nextLine
        nextLine += 1 + cells.reduce(0) { $0 + Self.lineBreaks(in: $1) }
        return (line, cells)
    }

    /// Line breaks inside a quoted cell; CR LF counts once.
    private static func lineBreaks(in cell: String) -> Int {
        cell.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}

/// A workbook's sheet (`--sheet`, else the first sheet that is not hidden), row by row as
/// Excel numbers them.
final class WorkbookRowSource: ImportRowSource {
    /// The sheet read, and where it is among the workbook's sheets.
    let sheetName: String
    let sheetNumber: Int
    let sheetCount: Int
    /// The workbook's sheets by number and name (`1 記入要領, 2 契約一覧`).
    let sheetList: String
    private let rows: SheetRows
    private let fileName: String

    init(url: URL, sheet: String?) throws(CLIError) {
        fileName = url.lastPathComponent
        do {
            let workbook = try Workbook(url: url)
            let chosen = try workbook.sheet(sheet)
            sheetName = chosen.name
            sheetNumber = (workbook.sheets.firstIndex(of: chosen) ?? 0) + 1
            sheetCount = workbook.sheets.count
            sheetList = Self.list(workbook.sheets.map(\.name))
            rows = try workbook.rows(of: chosen)
        } catch {
            throw Self.message(error, file: url.lastPathComponent)
        }
    }

    deinit { rows.close() }

    var bytesRead: Int { rows.bytesRead }
    var totalBytes: Int { rows.totalBytes }

    func nextRow() throws(CLIError) -> (line: Int, cells: [String])? {
        do {
            return try rows.next().map { ($0.number, $0.cells) }
        } catch {
            throw Self.message(error, file: fileName)
        }
    }

    private static func list(_ names: [String]) -> String {
        names.enumerated().map { "\($0.offset + 1) \($0.element)" }.joined(separator: ", ")
    }

    /// A workbook's error in the user's words.
    static func message(_ error: WorkbookError, file: String) -> CLIError {
        switch error {
        case .notAWorkbook: CLIError(CLIText.notAWorkbook(file))
        case .compoundFile: CLIError(CLIText.oldWorkbook(file))
        case .incomplete: CLIError(CLIText.incompleteWorkbook(file))
        case .noSuchSheet(let name, let available):
            CLIError(
                CLIText.noSuchSheet(file, name, available: list(available)))
        case .damaged(let part, let reason): CLIError(CLIText.damagedWorkbook(file, part: part, reason: reason))
        case .unreadable(let reason): CLIError(CLIText.cannotRead(file, reason))
        }
    }
}

extension WorkbookError {
    /// What went wrong, for a message that names the file itself.
    var detail: String {
        switch self {
        case .notAWorkbook, .compoundFile, .incomplete: "not an Excel workbook (.xlsx)"
        case .noSuchSheet(let name, _): name
        case .damaged(let part, let reason): "\(part): \(reason)"
        case .unreadable(let reason): reason
        }
    }
}

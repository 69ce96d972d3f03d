import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A row of a sheet: its number as Excel shows it, and its cells' texts from column A on (a
/// blank cell is an empty string).
public struct SheetRow: Sendable, Equatable {
    public let number: Int
    public let cells: [String]

    public init(number: Int, cells: [String]) {
        self.number = number
        self.cells = cells
    }
}

/// A sheet's rows, read in order. The part is parsed on a thread of its own that stays at most a
/// few batches of rows ahead, so a sheet of any length costs the same memory. ``close()`` (or
/// the end of the rows) stops the thread.
public final class SheetRows {
    /// Bytes of the sheet's XML parsed so far, and its size: for a progress bar.
    public var bytesRead: Int { counter.value }
    public let totalBytes: Int

    private let queue = RowQueue()
    private let counter = ByteCounter()
    private var batch: [SheetRow] = []
    private var position = 0
    private var ended = false

    struct Context: Sendable {
        let sharedStrings: [String]
        let dateStyles: [Bool]
        let dateSystem1904: Bool
        let merges: [MergedRange]
    }

    init(file: FileHandle, part: String, totalBytes: Int, context: Context) {
        self.totalBytes = totalBytes
        let queue = queue
        let counter = counter
        let thread = Thread {
            let stream = PartFileStream(file: file, counter: counter)
            let reader = SheetParser(context: context, queue: queue)
            let parser = XMLParser(stream: stream)
            parser.shouldProcessNamespaces = true
            parser.shouldResolveExternalEntities = false
            parser.delegate = reader
            reader.parser = parser
            let parsed = parser.parse()
            if reader.cancelled {
                queue.finish(failure: nil)
            } else if let failure = reader.failure {
                queue.finish(failure: failure)
            } else if !parsed {
                let reason = reader.parseError ?? parser.parserError.map { "\($0)" } ?? "not XML"
                queue.finish(failure: .damaged(part: part, reason: reason))
            } else if !reader.sawEndOfRows {
                // A part cut short parses without an error up to where it stops; its rows must
                // not pass for the whole sheet.
                queue.finish(failure: .damaged(part: part, reason: "the sheet ends before its last row"))
            } else {
                reader.flush()
                queue.finish(failure: nil)
            }
        }
        thread.name = "procure-sheet-reader"
        thread.start()
    }

    deinit { queue.cancel() }

    /// The next row, nil after the last.
    public func next() throws(WorkbookError) -> SheetRow? {
        while position == batch.count {
            if ended { return nil }
            switch queue.take() {
            case .rows(let rows):
                batch = rows
                position = 0
            case .end:
                ended = true
                return nil
            case .failed(let error):
                ended = true
                throw error
            }
        }
        position += 1
        return batch[position - 1]
    }

    /// Stops reading (the thread ends at its next batch).
    public func close() {
        ended = true
        batch = []
        position = 0
        queue.cancel()
    }
}

/// Batches of rows handed from the parsing thread to the reader, at most a few at a time.
final class RowQueue: @unchecked Sendable {
    enum Taken {
        case rows([SheetRow])
        case end
        case failed(WorkbookError)
    }

    private static let capacity = 4
    private let condition = NSCondition()
    private var batches: [[SheetRow]] = []
    private var finished = false
    private var failure: WorkbookError?
    private var cancelled = false

    /// Waits for room; false once the reader has stopped.
    func put(_ rows: [SheetRow]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= Self.capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        batches.append(rows)
        condition.broadcast()
        return true
    }

    func finish(failure: WorkbookError?) {
        condition.lock()
        finished = true
        self.failure = failure
        condition.broadcast()
        condition.unlock()
    }

    func take() -> Taken {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        if !batches.isEmpty {
            let rows = batches.removeFirst()
            condition.broadcast()
            return .rows(rows)
        }
        if let failure { return .failed(failure) }
        return .end
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The parsing thread's side: SpreadsheetML's `row` and `c` elements to rows of texts.
final class SheetParser: NSObject, XMLParserDelegate {
    private static let batchSize = 256

    private let context: Context
    private let queue: RowQueue
    weak var parser: XMLParser?
    private(set) var cancelled = false
    private(set) var failure: WorkbookError?
    private(set) var parseError: String?
    /// Whether the rows ended (`</sheetData>`, or an empty `<sheetData/>`).
    private(set) var sawEndOfRows = false

    typealias Context = SheetRows.Context

    private var batch: [SheetRow] = []
    private var rowNumber = 0
    private var cells: [String] = []
    private var column = -1
    private var type = "n"
    private var style = 0
    private var text = ""
    private var collecting = false
    private var inInlineString = false
    private var phonetic = 0
    /// Merged ranges by their top-left cell (row, column): their last row.
    private let mergeStarts: [Int: Int]
    /// Vertically merged values still to be filled in, by column: the value and the last row.
    private var fills: [Int: (value: String, lastRow: Int)] = [:]

    init(context: Context, queue: RowQueue) {
        self.context = context
        self.queue = queue
        var starts: [Int: Int] = [:]
        for range in context.merges where range.lastRow > range.firstRow {
            starts[Self.key(row: range.firstRow, column: range.firstColumn)] = range.lastRow
        }
        mergeStarts = starts
    }

    private static func key(row: Int, column: Int) -> Int { row << 16 | column }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch elementName {
        case "row":
            // Excel's last row is 1,048,576; anything else is not a row number.
            guard let number = attributes["r"].map({ Int($0) }) ?? rowNumber + 1, (1...1_048_576).contains(number)
            else {
                fail(.damaged(part: "sheet", reason: "row number \(attributes["r"] ?? "")"))
                return
            }
            rowNumber = number
            cells = []
            column = -1
        case "c":
            column = attributes["r"].flatMap { CellValues.column(ofReference: $0[...].utf8) } ?? column + 1
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap { Int($0) } ?? 0
            text = ""
        case "v":
            text = ""
            collecting = true
        case "is":
            inInlineString = true
            text = ""
        case "t" where inInlineString:
            collecting = phonetic == 0
        case "rPh":
            phonetic += 1
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "v", "t":
            collecting = false
        case "is":
            inInlineString = false
        case "rPh":
            phonetic -= 1
        case "c":
            guard column >= 0, column < 16_384 else { return }
            let value: String
            do {
                value = try cellText()
            } catch {
                fail(error)
                return
            }
            if cells.count <= column { cells.append(contentsOf: repeatElement("", count: column + 1 - cells.count)) }
            cells[column] = value
            if let lastRow = mergeStarts[Self.key(row: rowNumber, column: column)] {
                fills[column] = (value, lastRow)
            }
        case "row":
            endRow()
        case "sheetData":
            sawEndOfRows = true
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        self.parseError = "line \(parser.lineNumber): \(parseError.localizedDescription)"
    }

    /// A cell's text by its type: a shared string's index, an inline string, a formula's string
    /// result, a boolean, an error (`#N/A`), an ISO date, or a number — a date serial when its
    /// style shows a date.
    private func cellText() throws(WorkbookError) -> String {
        switch type {
        case "s":
            guard let index = Int(text), context.sharedStrings.indices.contains(index) else {
                throw .damaged(part: "sheet", reason: "row \(rowNumber): shared string \(text) does not exist")
            }
            return context.sharedStrings[index]
        case "inlineStr", "str":
            return CellValues.unescaped(text)
        case "b":
            return text == "1" ? "TRUE" : "FALSE"
        case "e":
            return text
        case "d":
            return String(text.prefix(10))
        default:
            guard !text.isEmpty else { return "" }
            if context.dateStyles.indices.contains(style), context.dateStyles[style],
                let date = CellValues.date(serial: text, dateSystem1904: context.dateSystem1904)
            {
                return date
            }
            return CellValues.number(text)
        }
    }

    private func endRow() {
        // A vertically merged cell reads as its top-left value in every row of the range.
        for (fillColumn, fill) in fills {
            if fill.lastRow < rowNumber {
                fills[fillColumn] = nil
                continue
            }
            if cells.count <= fillColumn {
                cells.append(contentsOf: repeatElement("", count: fillColumn + 1 - cells.count))
            }
            if cells[fillColumn].isEmpty { cells[fillColumn] = fill.value }
        }
        batch.append(SheetRow(number: rowNumber, cells: cells))
        if batch.count >= Self.batchSize { flush() }
    }

    /// Hands the rows parsed so far to the reader; stops parsing when the reader has stopped.
    func flush() {
        guard !batch.isEmpty, !cancelled else { return }
        if !queue.put(batch) {
            cancelled = true
            parser?.abortParsing()
        }
        batch = []
    }

    private func fail(_ error: WorkbookError) {
        failure = error
        parser?.abortParsing()
    }
}

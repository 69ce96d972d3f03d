import CSV
import Foundation
import Ledger
import Spreadsheet

/// Which side of a column its values line up on: text reads from the left, amounts and counts
/// compare by their last digit.
enum ColumnAlignment: Sendable, Equatable {
    case left
    case right
}

/// What a listing command prints: the same rows as an aligned table, as CSV, or as the API's
/// items in JSON (`--output table|csv|json`).
///
/// The JSON is the API items themselves rather than the table's strings, so a script gets every
/// field with its real type, while the table shows only what fits on a terminal line.
struct Listing: Sendable {
    /// A column's title, alignment and CSV name.
    ///
    /// CSV heads every column in one style whatever the run's language, so a script or a
    /// spreadsheet formula reads the same file from every user: lower-case English words joined by
    /// `_` (`fiscal_year`, `since_jst`), the table heading's English words when the column has a
    /// heading in both languages.
    struct Column: Sendable, Equatable {
        var title: String
        var alignment: ColumnAlignment
        var csvTitle: String

        /// A column with `title` in the table and in CSV (a CSV name already: `vendor_id`).
        init(_ title: String, alignment: ColumnAlignment = .left) {
            self.title = title
            self.alignment = alignment
            self.csvTitle = title
        }

        /// A column with its heading in the language of this run, named in CSV by its English words.
        init(_ title: Bilingual, alignment: ColumnAlignment) {
            self.title = title.local
            self.alignment = alignment
            self.csvTitle = Self.csvName(title.english)
        }

        /// A column of text, names, codes and dates.
        static func left(_ title: String) -> Column { Column(title, alignment: .left) }

        /// A column of amounts or counts.
        static func right(_ title: String) -> Column { Column(title, alignment: .right) }

        /// A column of text, its heading in the language of this run.
        static func left(_ title: Bilingual) -> Column { Column(title, alignment: .left) }

        /// A column of amounts or counts, its heading in the language of this run.
        static func right(_ title: Bilingual) -> Column { Column(title, alignment: .right) }

        /// `FISCAL YEAR` → `fiscal_year`, `SINCE (JST)` → `since_jst`, `%` → `percent`: lower-case
        /// ASCII letters and digits, every other run of characters one `_`, none at either end.
        static func csvName(_ heading: String) -> String {
            var name = ""
            var gap = false
            for scalar in heading.replacingOccurrences(of: "%", with: " percent ").unicodeScalars {
                if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                    if gap && !name.isEmpty { name.append("_") }
                    name.unicodeScalars.append(scalar)
                    gap = false
                } else {
                    gap = true
                }
            }
            return name.lowercased()
        }
    }

    /// One value: the text a person reads in the table, and the plain value a spreadsheet
    /// gets in CSV. They differ for amounts: `¥1,234,000` in the table, `1234000` in CSV, so a
    /// spreadsheet can add the column up.
    struct Cell: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
        /// Shown in the table and in `show` output.
        var text: String
        /// Written to CSV.
        var plain: String
        /// Written to a workbook when it is not the text: an amount or a count as a number.
        var number: CellValue?

        init(_ text: String, plain: String? = nil) {
            self.text = text
            self.plain = plain ?? text
        }

        /// A workbook's cell: a number as a number, a date (`2024-04-01`) as a date, else the
        /// text a person reads in the table (`税込`, `一括`).
        var workbookValue: CellValue {
            if let number { return number }
            if plain.isEmpty { return .empty }
            if text == plain, BusinessDate(plain)?.description == plain { return .date(plain) }
            return .text(text)
        }

        init(stringLiteral value: String) {
            self.init(value)
        }

        /// An amount in yen: `¥1,234,000` in the table, `1234000` in CSV.
        static func yen(_ amount: Int64) -> Cell {
            yen(amount, text: formatYen(amount))
        }

        /// An amount in yen shown as `text` in the table (`¥1,210,000 (税込)`), a number in CSV
        /// and in a workbook.
        static func yen(_ amount: Int64, text: String) -> Cell {
            var cell = Cell(text, plain: String(amount))
            cell.number = .yen(amount)
            return cell
        }

        /// A count or other integer: `12,345` in the table, `12345` in CSV.
        static func count(_ value: some BinaryInteger) -> Cell {
            var cell = Cell(formatCount(value), plain: String(value))
            cell.number = Int64(exactly: value).map { .number($0) }
            return cell
        }
    }

    var columns: [Column]
    var rows: [[Cell]]
    /// What `--output json` prints: the API items, not the table's strings.
    var items: any Encodable & Sendable

    init(columns: [Column], rows: [[Cell]], items: any Encodable & Sendable) {
        self.columns = columns
        self.rows = rows
        self.items = items
    }

    /// A listing whose cells read the same in the table and in CSV.
    init(columns: [Column], rows: [[String]], items: any Encodable & Sendable) {
        self.init(columns: columns, rows: rows.map { $0.map { Cell($0) } }, items: items)
    }

    /// The complete output in `format`, ending with a line break (print it with
    /// `StandardOutput.write` or `print(_:terminator: "")`).
    func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: renderTable()
        case .csv: try renderCSV()
        case .json: try OutputEncoding.json(items)
        case .xlsx: try renderWorkbook()
        }
    }

    /// Writes the listing to `--out` as a workbook (the table's headings, each cell typed) and
    /// says so.
    func renderWorkbook() throws -> String {
        try OutputEncoding.workbook(
            headings: columns.map(\.title), rows: rows.map { normalized($0).map(\.workbookValue) })
    }

    /// Header, a separator of dashes, then one line per row; columns are two spaces apart and
    /// padded by display width, so a Japanese name takes the two columns per character it takes
    /// on screen. Nothing is truncated.
    func renderTable() -> String {
        let titles = columns.map { OutputEncoding.singleLine($0.title) }
        let body = rows.map { row in normalized(row).map { OutputEncoding.singleLine($0.text) } }
        var widths = titles.map { DisplayWidth.of($0) }
        for row in body {
            for (index, text) in row.enumerated() {
                widths[index] = max(widths[index], DisplayWidth.of(text))
            }
        }
        let alignments = columns.map(\.alignment)

        func line(_ texts: [String]) -> String {
            let padded = texts.indices.map { DisplayWidth.pad(texts[$0], to: widths[$0], alignment: alignments[$0]) }
            return OutputEncoding.trimmingTrailingSpaces(padded.joined(separator: Self.columnGap))
        }

        var lines = [line(titles)]
        lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: Self.columnGap))
        lines.append(contentsOf: body.map(line))
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180: a header row of the columns' CSV names, then the rows' plain values; CRLF line breaks,
    /// UTF-8 without a byte-order mark.
    func renderCSV() throws -> String {
        try OutputEncoding.csv(
            header: columns.map(\.csvTitle),
            rows: rows.map { normalized($0).map(\.plain) }
        )
    }

    /// Two spaces: one would let adjacent left- and right-aligned columns read as one value.
    private static let columnGap = "  "

    /// The row with exactly one cell per column, so a short row renders with empty cells
    /// instead of shifting its neighbours.
    private func normalized(_ row: [Cell]) -> [Cell] {
        if row.count == columns.count { return row }
        if row.count > columns.count { return Array(row.prefix(columns.count)) }
        return row + Array(repeating: Cell(""), count: columns.count - row.count)
    }
}

/// What a `show` command prints: one record as `label: value` lines with the values lined up,
/// or as CSV (a header of the labels' CSV names and one row), or as the API item in JSON.
struct RecordDetail: Sendable {
    /// One labelled value.
    struct Field: Sendable, Equatable {
        var label: String
        var value: Listing.Cell
        /// Its CSV heading, in the style of every CSV (``Listing/Column``).
        var csvLabel: String

        init(_ label: String, _ value: Listing.Cell) {
            self.label = label
            self.value = value
            self.csvLabel = label
        }

        /// A field labelled in the language of this run, named in CSV by its English words.
        init(_ label: Bilingual, _ value: Listing.Cell) {
            self.label = label.local
            self.value = value
            self.csvLabel = Listing.Column.csvName(label.english)
        }
    }

    var fields: [Field]
    /// What `--output json` prints: the API item.
    var item: any Encodable & Sendable

    init(fields: [Field], item: any Encodable & Sendable) {
        self.fields = fields
        self.item = item
    }

    /// `RecordDetail(fields: ["番号": "12", "金額": .yen(1_234_000)], item: contract)`; the order
    /// of the literal is the order printed.
    init(fields: KeyValuePairs<String, Listing.Cell>, item: any Encodable & Sendable) {
        self.init(fields: fields.map { Field($0.key, $0.value) }, item: item)
    }

    /// The fields labelled in the language of this run.
    init(fields: KeyValuePairs<Bilingual, Listing.Cell>, item: any Encodable & Sendable) {
        self.init(fields: fields.map { Field($0.key, $0.value) }, item: item)
    }

    /// The complete output in `format`, ending with a line break.
    func render(_ format: OutputFormat) throws -> String {
        switch format {
        case .table: renderText()
        case .csv: try OutputEncoding.csv(header: fields.map(\.csvLabel), rows: [fields.map(\.value.plain)])
        case .json: try OutputEncoding.json(item)
        case .xlsx:
            try OutputEncoding.workbook(headings: fields.map(\.label), rows: [fields.map(\.value.workbookValue)])
        }
    }

    /// `label:` padded by display width so every value starts in the same column. A value of
    /// several lines (a note) continues on lines indented to that column, so it still reads as
    /// one field.
    func renderText() -> String {
        let labels = fields.map { OutputEncoding.singleLine($0.label) + ":" }
        let labelWidth = labels.map { DisplayWidth.of($0) }.max() ?? 0
        let indent = String(repeating: " ", count: labelWidth + 1)
        var lines: [String] = []
        for (label, field) in zip(labels, fields) {
            let valueLines = OutputEncoding.lines(field.value.text)
            let first = DisplayWidth.pad(label, to: labelWidth, alignment: .left) + " " + (valueLines.first ?? "")
            lines.append(OutputEncoding.trimmingTrailingSpaces(first))
            for continuation in valueLines.dropFirst() {
                lines.append(OutputEncoding.trimmingTrailingSpaces(indent + continuation))
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }
}

/// The encoders behind `Listing` and `RecordDetail`.
enum OutputEncoding {
    /// Pretty JSON with sorted keys (stable for diffs and tests), `/` not escaped (URLs stay
    /// readable), non-ASCII text such as Japanese written as itself, and dates in ISO 8601 like
    /// the API sends them.
    static func json(_ value: any Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// RFC 4180 CSV written by CSV.swift's `CSVWriter`: fields with a comma, quote or line break
    /// are quoted and quotes doubled; every record ends with CRLF.
    /// Whether CSV starts with the UTF-8 byte-order mark (`--excel`): Excel on Japanese Windows
    /// reads a CSV file without it as Shift_JIS and garbles the Japanese. Set by ``OutputOptions``
    /// while the command line is read, before any output; a run prints one format.
    nonisolated(unsafe) static var byteOrderMark = false
    /// Where `--output xlsx` writes (`--out`); set by ``OutputOptions`` like ``byteOrderMark``.
    nonisolated(unsafe) static var workbookDestination: URL?

    /// Whether `--out` names a workbook (`契約一覧.xlsx`), so a workbook is not written under a
    /// name that says CSV.
    static func isWorkbookName(_ path: String) -> Bool {
        URL(fileURLWithPath: path).pathExtension.lowercased() == "xlsx"
    }

    /// Refuses a destination in a folder that does not exist, before anything is fetched or written.
    static func checkFolder(of url: URL) throws(CLIError) {
        var isFolder: ObjCBool = false
        let folder = url.deletingLastPathComponent()
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw CLIError(CLIText.noSuchFolder(folder.path))
        }
    }

    /// Writes a workbook of one sheet, named after the file, to ``workbookDestination``; returns
    /// the line that says so.
    static func workbook(headings: [String], rows: [[CellValue]]) throws -> String {
        guard let url = workbookDestination else { throw CLIError(CLIText.xlsxNeedsOut) }
        try checkFolder(of: url)
        let name = url.deletingPathExtension().lastPathComponent
        do {
            let writer = try WorkbookWriter(sheetName: name, headings: headings)
            for row in rows { try writer.append(row) }
            try writer.finish(to: url)
        } catch {
            throw CLIError(CLIText.cannotWrite(url.path, error.detail))
        }
        return DoneText.wroteWorkbook(url.lastPathComponent, rows: rows.count).local + "\n"
    }

    static func csv(header: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream, codecType: UTF8.self, newline: .crlf)
        // A lone empty field would be an empty line, which readers skip as no record at all.
        let quoteLoneEmptyField: ([String]) -> (Int) -> Bool = { row in { _ in row.count == 1 && row[0].isEmpty } }
        try writer.write(row: header, quotedAtIndex: quoteLoneEmptyField(header))
        for row in rows {
            try writer.write(row: row, quotedAtIndex: quoteLoneEmptyField(row))
        }
        // Read the buffer before the writer goes away: its deinit closes the stream.
        let written = withExtendedLifetime(writer) {
            stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data
        }
        guard let written else { throw OutputError.csvUnavailable }
        // CSVWriter puts the line break before each record after the first, so the last record
        // still needs its own.
        return (byteOrderMark ? "\u{FEFF}" : "") + String(decoding: written, as: UTF8.self) + "\r\n"
    }

    /// `text` on one line for a table cell: a line break or tab would break the row apart, and
    /// other control characters (an escape sequence in a name sent to the server) would reach
    /// the terminal.
    static func singleLine(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(printable(scalar))
        }
        return String(scalars)
    }

    /// `text` split at line breaks, each line cleaned of control characters as in `singleLine`.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            defer { previousWasCarriageReturn = scalar == "\r" }
            if scalar == "\n" && previousWasCarriageReturn { continue }
            if scalar == "\n" || scalar == "\r" {
                result.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(printable(scalar))
            }
        }
        result.append(String(current))
        return result
    }

    /// Drops trailing spaces, so a left-aligned last column does not pad lines with blanks.
    static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    /// Whitespace controls become a space; any other control character becomes U+FFFD, visible
    /// but harmless.
    private static func printable(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar.properties.generalCategory == .control else { return scalar }
        switch scalar {
        case "\t", "\n", "\r", "\u{0B}", "\u{0C}": return " "
        default: return "\u{FFFD}"
        }
    }
}

/// Why output could not be produced.
enum OutputError: Error, CustomStringConvertible {
    /// Foundation's in-memory stream gave back no data; not expected on supported platforms.
    case csvUnavailable

    var description: String {
        switch self {
        case .csvUnavailable: "could not produce CSV output"
        }
    }
}

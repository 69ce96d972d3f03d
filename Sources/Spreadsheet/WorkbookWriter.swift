import Foundation
import ZIPFoundation

/// A value of a cell as the writer stores it: text, a number (plain, or an amount in yen), or a
/// date, which Excel shows in its own formats and can sort, add up and filter.
public enum CellValue: Sendable, Equatable {
    case text(String)
    case number(Int64)
    /// A number shown as yen (`¥1,320,000`).
    case yen(Int64)
    /// A calendar date, `yyyy-MM-dd`; shown `yyyy/m/d`.
    case date(String)
    case empty
}

/// Writes a workbook of one sheet: a header row in bold, frozen above the rows, then the rows as
/// they come. The rows go to an unlinked temporary file, so a sheet of any length costs the same
/// memory; ``finish(to:)`` packs the workbook next to its destination and moves it into place,
/// so a failure never leaves half a file under the destination's name.
///
/// Strings are written inline (`t="inlineStr"`), which Excel, LibreOffice and every reader here
/// read; Excel moves them to its shared strings table when it saves the file again.
public final class WorkbookWriter {
    private let sheetName: String
    private let columnCount: Int
    private let file: FileHandle
    private var buffer: [UInt8] = []
    private var rowNumber = 0
    private var widths: [Int]

    /// Styles, by their index in `cellXfs` (styles.xml below).
    private enum Style: Int {
        case plain = 0
        case heading = 1
        case yen = 2
        case date = 3
        case number = 4
    }

    public init(sheetName: String, headings: [String]) throws(WorkbookError) {
        self.sheetName = sheetName
        columnCount = headings.count
        widths = headings.map { Self.width(of: $0) }
        file = try unlinkedTemporaryFile()
        try append(headings.map { .text($0) }, style: .heading)
    }

    deinit { try? file.close() }

    /// Appends a row; cells past the headings' count are dropped.
    public func append(_ cells: [CellValue]) throws(WorkbookError) {
        try append(cells, style: nil)
    }

    private func append(_ cells: [CellValue], style: Style?) throws(WorkbookError) {
        rowNumber += 1
        write("<row r=\"\(rowNumber)\">")
        for (column, cell) in cells.prefix(columnCount).enumerated() {
            let reference = CellValues.letters(ofColumn: column) + String(rowNumber)
            switch cell {
            case .empty:
                continue
            case .text(let text):
                let styleAttribute = style.map { " s=\"\($0.rawValue)\"" } ?? ""
                write("<c r=\"\(reference)\"\(styleAttribute) t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                write(Self.escaped(text))
                write("</t></is></c>")
                widths[column] = max(widths[column], Self.width(of: text))
            case .number(let value):
                write("<c r=\"\(reference)\" s=\"\(Style.number.rawValue)\"><v>\(value)</v></c>")
                widths[column] = max(widths[column], String(value).count + 4)
            case .yen(let value):
                write("<c r=\"\(reference)\" s=\"\(Style.yen.rawValue)\"><v>\(value)</v></c>")
                widths[column] = max(widths[column], String(value).count + 5)
            case .date(let iso):
                guard let serial = Self.serial(ofISODate: iso) else {
                    throw .damaged(part: "sheet", reason: "not a date: \(iso)")
                }
                write("<c r=\"\(reference)\" s=\"\(Style.date.rawValue)\"><v>\(serial)</v></c>")
                widths[column] = max(widths[column], 11)
            }
        }
        write("</row>")
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Packs the workbook and moves it to `url`, replacing what was there.
    public func finish(to url: URL) throws(WorkbookError) {
        try flush()
        let directory = url.deletingLastPathComponent()
        let packing = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        do {
            let archive = try Archive(url: packing, accessMode: .create)
            for (path, text) in fixedParts() {
                let data = Data(text.utf8)
                try archive.addEntry(
                    with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            let head = Data(sheetHead().utf8)
            let tail = Data("</sheetData></worksheet>".utf8)
            let body = try file.seekToEnd()
            let file = file
            let total = Int64(head.count) + Int64(body) + Int64(tail.count)
            try archive.addEntry(
                with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: total, compressionMethod: .deflate,
                bufferSize: 1 << 16
            ) { position, size in
                // The head, then the rows from the temporary file, then the tail.
                var chunk = Data()
                var at = position
                while chunk.count < size && at < total {
                    let wanted = size - chunk.count
                    if at < Int64(head.count) {
                        let end = min(Int(at) + wanted, head.count)
                        chunk.append(head.subdata(in: Int(at)..<end))
                    } else if at < Int64(head.count) + Int64(body) {
                        try file.seek(toOffset: UInt64(at - Int64(head.count)))
                        let left = Int64(head.count) + Int64(body) - at
                        chunk.append(try file.read(upToCount: min(wanted, Int(left))) ?? Data())
                    } else {
                        let offset = Int(at - Int64(head.count) - Int64(body))
                        chunk.append(tail.subdata(in: offset..<min(offset + wanted, tail.count)))
                    }
                    at = position + Int64(chunk.count)
                }
                return chunk
            }
        } catch {
            try? FileManager.default.removeItem(at: packing)
            throw .unreadable("\(error)")
        }
        // rename(2) replaces the destination in one step: it holds the old file or the new one.
        if rename(packing.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: packing)
            throw .unreadable(reason)
        }
    }

    private func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    private func flush() throws(WorkbookError) {
        guard !buffer.isEmpty else { return }
        do {
            try file.write(contentsOf: buffer)
        } catch {
            throw .unreadable("\(error)")
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The sheet's opening: the header row frozen, columns as wide as their widest value (in
    /// characters, a full-width character counting two), then the rows.
    private func sheetHead() -> String {
        let columns = widths.enumerated().map { index, width in
            "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(min(max(width, 6), 60) + 2)\" customWidth=\"1\"/>"
        }.joined()
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="\(Self.mainNamespace)" xmlns:r="\(Self.relationshipNamespace)">\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" \
            state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="18"/>\
            <cols>\(columns)</cols><sheetData>
            """
    }

    private static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// The parts around the sheet: content types, relationships, the workbook and its styles.
    private func fixedParts() -> [(String, String)] {
        let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
        let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let spreadsheet = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        return [
            (
                "[Content_Types].xml",
                declaration
                    + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
                    + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
                    + #"<Default Extension="xml" ContentType="application/xml"/>"#
                    + #"<Override PartName="/xl/workbook.xml" ContentType="\#(spreadsheet).sheet.main+xml"/>"#
                    + #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="\#(spreadsheet).worksheet+xml"/>"#
                    + #"<Override PartName="/xl/styles.xml" ContentType="\#(spreadsheet).styles+xml"/>"#
                    + "</Types>"
            ),
            (
                "_rels/.rels",
                declaration + #"<Relationships xmlns="\#(relationships)">"#
                    + #"<Relationship Id="rId1" Type="\#(officeDocument)/officeDocument" Target="xl/workbook.xml"/>"#
                    + "</Relationships>"
            ),
            (
                "xl/workbook.xml",
                declaration + #"<workbook xmlns="\#(Self.mainNamespace)" xmlns:r="\#(officeDocument)">"#
                    + #"<sheets><sheet name="\#(Self.escaped(Self.sheetTitle(sheetName)))" sheetId="1" r:id="rId1"/></sheets>"#
                    + "</workbook>"
            ),
            (
                "xl/_rels/workbook.xml.rels",
                declaration + #"<Relationships xmlns="\#(relationships)">"#
                    + #"<Relationship Id="rId1" Type="\#(officeDocument)/worksheet" Target="worksheets/sheet1.xml"/>"#
                    + #"<Relationship Id="rId2" Type="\#(officeDocument)/styles" Target="styles.xml"/>"#
                    + "</Relationships>"
            ),
            ("xl/styles.xml", declaration + Self.styles),
        ]
    }

    /// Fonts (regular, bold) and the cell styles ``Style`` indexes: plain, heading, yen, date, count.
    private static let styles =
        #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="&quot;¥&quot;#,##0"/>"#
        + #"<numFmt numFmtId="165" formatCode="yyyy/m/d"/></numFmts>"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Yu Gothic"/><family val="3"/><charset val="128"/></font>"#
        + #"<font><b/><sz val="11"/><name val="Yu Gothic"/><family val="3"/><charset val="128"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    /// A sheet's name as Excel allows it: at most 31 characters, none of `\ / ? * [ ] :`, no
    /// apostrophe first or last, and not `History` (Excel's own).
    static func sheetTitle(_ name: String) -> String {
        var cleaned = String(name.map { "\\/?*[]:".contains($0) ? "_" : $0 }.prefix(31))
        while cleaned.hasPrefix("'") { cleaned.removeFirst() }
        while cleaned.hasSuffix("'") { cleaned.removeLast() }
        if cleaned.lowercased() == "history" { cleaned += "_" }
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    /// Text for XML: the five markup characters escaped, characters XML 1.0 cannot hold (control
    /// characters other than tab and line breaks) written as Office's `_xHHHH_`, and an
    /// underscore that would read as such an escape escaped itself.
    static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var scalars = text.unicodeScalars[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case "_" where Self.startsEscape(scalars):
                result += "_x005F_"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    result += String(format: "_x%04X_", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Whether the characters after an underscore read as `xHHHH_`.
    private static func startsEscape(_ rest: Substring.UnicodeScalarView) -> Bool {
        let next = Array(rest.prefix(6))
        guard next.count == 6, next[0] == "x", next[5] == "_" else { return false }
        return next[1...4].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// A display width in characters: a full-width character counts two.
    private static func width(of text: String) -> Int {
        let longest = text.split(separator: "\n").map { line in
            line.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
        }.max()
        return longest ?? 0
    }

    /// The 1900-system serial of `yyyy-MM-dd` (Excel's day count, with its 29 February 1900).
    static func serial(ofISODate iso: String) -> Int? {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1900...9999).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        // Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
        let y = month <= 2 ? year - 1 : year
        let era = y / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        guard CellValues.isoDate(daysSince1970: days) == String(format: "%04d-%02d-%02d", year, month, day) else {
            return nil
        }
        let serial = days + 25_569
        // Before 1 March 1900 Excel's count is one lower (its 29 February 1900 comes after).
        return serial < 61 ? serial - 1 : serial
    }
}

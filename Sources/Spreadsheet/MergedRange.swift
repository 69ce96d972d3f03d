import Foundation

/// A merged range of a sheet (`A4:A6`), rows numbered from 1 and columns from 0.
struct MergedRange: Equatable, Sendable {
    let firstRow: Int
    let lastRow: Int
    let firstColumn: Int
    let lastColumn: Int

    /// `A4:B6`; nil for anything else.
    init?(reference: Substring) {
        let corners = reference.split(separator: ":")
        guard corners.count == 2, let first = Self.cell(corners[0]), let last = Self.cell(corners[1]) else {
            return nil
        }
        firstRow = min(first.row, last.row)
        lastRow = max(first.row, last.row)
        firstColumn = min(first.column, last.column)
        lastColumn = max(first.column, last.column)
    }

    /// `AB12` → row 12, column 27.
    static func cell(_ reference: Substring) -> (row: Int, column: Int)? {
        guard let column = CellValues.column(ofReference: reference.utf8) else { return nil }
        guard let row = Int(reference.drop(while: { $0.isLetter })), row >= 1 else { return nil }
        return (row, column)
    }
}

/// Picks the merged ranges out of a sheet's part as it is unpacked: everything after the rows
/// (`</sheetData>`) is kept — merges, page set-up, a few kilobytes — and its `mergeCell`
/// elements read at the end. In XML text a `<` is always markup, so the scan cannot be fooled by
/// a cell's text.
struct MergeScanner {
    private var carry: [UInt8] = []
    private var tail: [UInt8]?

    private static let closing = Array("sheetData>".utf8)
    private static let empty = Array("sheetData/>".utf8)

    mutating func consume(_ chunk: Data) {
        if tail != nil {
            tail?.append(contentsOf: chunk)
            return
        }
        let bytes = carry + chunk
        if let end = Self.endOfRows(in: bytes) {
            tail = Array(bytes[end...])
        } else {
            carry = Array(bytes.suffix(64))
        }
    }

    /// The offset just past `</sheetData>` (any prefix) or `<sheetData/>`.
    private static func endOfRows(in bytes: [UInt8]) -> Int? {
        var index = 0
        while let found = find(closing, in: bytes, from: index) {
            // A closing tag: `</` (and perhaps a prefix) before the name.
            var back = found - 1
            while back >= 0 && bytes[back] != 0x3C && bytes[back] != 0x3E { back -= 1 }
            if back >= 0 && bytes[back] == 0x3C && back + 1 < bytes.count && bytes[back + 1] == 0x2F {
                return found + closing.count
            }
            index = found + 1
        }
        if let found = find(empty, in: bytes, from: 0) { return found + empty.count }
        return nil
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0] && bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// The merged ranges found after the rows.
    func ranges(part: String) throws(WorkbookError) -> [MergedRange] {
        guard let tail else { return [] }
        let text = String(decoding: tail, as: UTF8.self)
        var ranges: [MergedRange] = []
        var rest = text[...]
        while let element = rest.range(of: "mergeCell ") ?? rest.range(of: "mergeCell\t") {
            rest = rest[element.upperBound...]
            guard let close = rest.firstIndex(of: ">") else { break }
            let attributes = rest[..<close]
            guard let ref = attributes.range(of: "ref=\"") ?? attributes.range(of: "ref='") else { continue }
            let value = attributes[ref.upperBound...].prefix { $0 != "\"" && $0 != "'" }
            guard let range = MergedRange(reference: value) else {
                throw .damaged(part: part, reason: "merged range \(value)")
            }
            ranges.append(range)
        }
        return ranges
    }
}

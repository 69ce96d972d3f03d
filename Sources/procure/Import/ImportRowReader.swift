import CSV
import Foundation
import ProcurementClient

/// Reads an import file's rows in chunks for upload, one chunk in memory at a time.
///
/// A row's line is the line of the file it starts on (line 1 is the header), as a text editor
/// numbers them; a cell with line breaks inside quotes makes the next row start further down.
/// Rows whose cells are all blank (the trailing rows spreadsheets leave) are skipped.
final class ImportRowReader {
    /// The most rows per chunk (the API's limit).
    static let maximumChunkRows = APILimits.contractImportChunkRows
    /// Roughly the most cell text per chunk, well under the server's default 4 MiB body limit
    /// even with JSON's escaping and keys.
    static let maximumChunkBytes = 1_500_000

    let headers: ImportHeaders
    let stream: ImportFileStream
    /// The import's municipality: a row whose municipality code column names another one stops
    /// the import (a listing of several municipalities is imported one municipality at a time).
    var municipality: String?
    private let reader: CSVReader
    /// The line the next row starts on.
    private var nextLine = 2

    init(url: URL, encoding: TextEncoding) throws(CLIError) {
        stream = try ImportFileStream(url: url, encoding: encoding)
        do {
            reader = try CSVReader(stream: stream, hasHeaderRow: true)
        } catch {
            throw stream.failure ?? CLIError(CLIText.noHeaderRow(url.lastPathComponent))
        }
        if let failure = stream.failure { throw failure }
        headers = try ImportHeaders(reader.headerRow ?? [])
    }

    /// The next chunk of rows, or nil at the end of the file.
    func nextChunk() throws(CLIError) -> [Components.Schemas.ContractImportRow]? {
        var rows: [Components.Schemas.ContractImportRow] = []
        var bytes = 0
        while rows.count < Self.maximumChunkRows && bytes < Self.maximumChunkBytes, let cells = reader.next() {
            let line = nextLine
            nextLine += 1 + cells.reduce(0) { $0 + Self.lineBreaks(in: $1) }
            var values: [String: String] = [:]
            if let index = headers.municipalityCodeIndex, index < cells.count, let municipality {
                let code = cells[index].trimmingCharacters(in: .whitespaces)
                if !code.isEmpty && code != municipality {
                    throw CLIError(CLIText.rowOfOtherMunicipality(line: line, code: code, importing: municipality))
                }
            }
            for (index, cell) in cells.enumerated() where !cell.isEmpty {
                guard index < headers.columns.count else {
                    guard cell.trimmingCharacters(in: .whitespaces).isEmpty else {
                        throw CLIError(
                            CLIText.raggedRow(line: line, cells: cells.count, headers: headers.columns.count))
                    }
                    continue
                }
                guard let column = headers.columns[index] else { continue }
                values[column.rawValue] = cell
                bytes += cell.utf8.count + column.rawValue.utf8.count + 8
            }
            if values.values.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            rows.append(.init(line: Int32(clamping: line), values: .init(additionalProperties: values)))
        }
        if let failure = stream.failure { throw failure }
        if let error = reader.error { throw CLIError(CLIText.unreadableLine(nextLine, "\(error)")) }
        return rows.isEmpty ? nil : rows
    }

    /// Line breaks inside a quoted cell; CR LF counts once.
    private static func lineBreaks(in cell: String) -> Int {
        cell.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}

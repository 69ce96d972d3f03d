import Foundation
import Ledger
import ProcurementClient

/// Reads an import file's rows (a CSV file's or a workbook sheet's) in chunks for upload, one
/// chunk in memory at a time.
///
/// The header is the first row that names every required column: the rows above it (a caption
/// such as `令和6年度 情報システム関係契約一覧`, `単位：円`, blank rows) are skipped. Rows whose
/// cells are all blank (the trailing rows spreadsheets leave) are skipped.
final class ImportRowReader {
    /// The most rows per chunk (the API's limit).
    static let maximumChunkRows = APILimits.contractImportChunkRows
    /// Roughly the most cell text per chunk, well under the server's default 4 MiB body limit
    /// even with JSON's escaping and keys.
    static let maximumChunkBytes = 1_500_000

    /// The most rows looked at for the header before the first non-blank one is taken for it (and
    /// its missing or unknown columns reported).
    static let headerSearchRows = 50

    let headers: ImportHeaders
    /// The line the header is on (1 unless rows above it were skipped).
    let headerLine: Int
    let source: any ImportRowSource
    /// The import's municipality: a row whose municipality code column names another one stops
    /// the import (a listing of several municipalities is imported one municipality at a time).
    var municipality: String?
    /// The rows found invalid while reading, not sent: those with more cells than the header has.
    private(set) var invalidRows: [Components.Schemas.ImportRowError] = []

    /// Finds the header in `source`'s first rows. `fileName` names the file in errors.
    init(
        source: any ImportRowSource, fileName: String, mappings: [String: ImportColumn] = [:],
        ignored: Set<String> = []
    ) throws(CLIError) {
        self.source = source
        // The row naming the most known columns, in case none names them all.
        var likeliest: (cells: [String], known: Int)?
        var firstFilled: [String]?
        var found: (cells: [String], line: Int)?
        while let (line, cells) = try source.nextRow() {
            if ImportHeaders.namesRequiredColumns(cells, mappings: mappings) {
                found = (cells, line)
                break
            }
            if firstFilled == nil, cells.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                firstFilled = cells
            }
            let known = ImportHeaders.knownColumnCount(cells, mappings: mappings)
            if known >= 2 && known > (likeliest?.known ?? 0) { likeliest = (cells, known) }
            if line >= Self.headerSearchRows { break }
        }
        guard let found else {
            if likeliest == nil, let workbook = source as? WorkbookRowSource, workbook.sheetCount > 1 {
                // Most likely the wrong sheet (notes, a cover): say which were read and which exist.
                throw CLIError(
                    CLIText.noHeaderInSheet(fileName, sheet: workbook.sheetName, sheets: workbook.sheetList))
            }
            // No row names every required column: the row naming the most known columns (else the
            // first row with text) is taken for the header, and what it lacks or does not know is
            // the error.
            guard let judged = likeliest?.cells ?? firstFilled else {
                throw CLIError(CLIText.noHeaderRow(fileName))
            }
            _ = try ImportHeaders(judged, mappings: mappings, ignored: ignored)
            throw CLIError(CLIText.noHeaderRow(fileName))
        }
        headers = try ImportHeaders(found.cells, mappings: mappings, ignored: ignored)
        headerLine = found.line
    }

    /// A CSV file's reader.
    convenience init(
        url: URL, encoding: TextEncoding, mappings: [String: ImportColumn] = [:], ignored: Set<String> = []
    ) throws(CLIError) {
        try self.init(
            source: CSVRowSource(url: url, encoding: encoding), fileName: url.lastPathComponent, mappings: mappings,
            ignored: ignored)
    }

    /// The next chunk of rows, or nil at the end of the file.
    func nextChunk() throws(CLIError) -> [Components.Schemas.ContractImportRow]? {
        var rows: [Components.Schemas.ContractImportRow] = []
        var bytes = 0
        while rows.count < Self.maximumChunkRows && bytes < Self.maximumChunkBytes,
            let (line, cells) = try source.nextRow()
        {
            var values: [String: String] = [:]
            if let index = headers.municipalityCodeIndex, index < cells.count, let municipality {
                let code = cells[index].trimmingCharacters(in: .whitespaces)
                if !code.isEmpty && code != municipality {
                    throw CLIError(CLIText.rowOfOtherMunicipality(line: line, code: code, importing: municipality))
                }
            }
            if cells.dropFirst(headers.columns.count).contains(where: {
                !$0.trimmingCharacters(in: .whitespaces).isEmpty
            }) {
                // More cells than headings (an unquoted comma): an invalid row like any other.
                invalidRows.append(
                    .init(
                        line: Int32(clamping: line), column: "",
                        message: CLIText.raggedRow(cells: cells.count, headers: headers.columns.count).local))
                continue
            }
            if let term = headers.term, term.index < cells.count,
                !cells[term.index].trimmingCharacters(in: .whitespaces).isEmpty
            {
                do {
                    let (start, end) = try ContractCell.term(cells[term.index])
                    values[ImportColumn.startDate.rawValue] = start.description
                    values[ImportColumn.endDate.rawValue] = end.description
                } catch {
                    invalidRows.append(
                        .init(line: Int32(clamping: line), column: term.title, message: error.message.local))
                    continue
                }
            }
            for (index, cell) in cells.enumerated() where !cell.isEmpty && index < headers.columns.count {
                guard let column = headers.columns[index] else { continue }
                var cell = cell
                if column == .amount, headers.amountInThousands, !cell.contains("千"),
                    !cell.trimmingCharacters(in: .whitespaces).isEmpty
                {
                    // The heading's unit, written into the cell the server reads (`1,100` → `1,100千円`).
                    cell += "千円"
                }
                values[column.rawValue] = cell
                bytes += cell.utf8.count + column.rawValue.utf8.count + 8
            }
            if values.values.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            rows.append(.init(line: Int32(clamping: line), values: .init(additionalProperties: values)))
        }
        return rows.isEmpty ? nil : rows
    }
}

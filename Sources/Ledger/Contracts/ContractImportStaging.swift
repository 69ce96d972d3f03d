import Foundation
import PostgresNIO

/// One received row as it is staged in `contract_import_rows`: the parsed contract when the row
/// is valid, else its errors.
struct StagedRow {
    let line: Int
    private(set) var draft: ContractDraft?
    /// `[{column, message, messageJa}]`; nil for a valid row.
    private(set) var errors: [StagedError]?

    /// A row's error as the staging table keeps it: the message in English and in Japanese (rows
    /// staged before messages had two languages have the English alone).
    struct StagedError: Codable, Hashable {
        var column: String
        var message: String
        var messageJa: String?

        init(column: String, message: Bilingual) {
            self.column = column
            self.message = message.english
            self.messageJa = message.japanese
        }

        var text: Bilingual { Bilingual(ja: messageJa ?? message, en: message) }
    }

    init(_ row: ContractImportRow, reader: ContractCellReader) {
        line = row.line
        var cells: [ImportColumn: String] = [:]
        for (name, value) in row.values {
            if let column = ImportColumn(rawValue: name) { cells[column] = value }
        }
        do {
            draft = try ContractDraft(cells: cells, reader: reader)
        } catch {
            errors = error.errors.map { StagedError(column: $0.field, message: $0.message) }
        }
    }

    /// Turns a row found valid on its own into an invalid one (a repeated contract number).
    mutating func reject(column: ImportColumn, message: Bilingual) {
        draft = nil
        errors = (errors ?? []) + [StagedError(column: column.rawValue, message: message)]
    }

    var rowErrors: [ImportRowError] {
        (errors ?? []).map { ImportRowError(line: line, column: $0.column, message: $0.text) }
    }

    /// Which vendor the row names, as one text: rows with the same key are resolved to a vendor
    /// once at commit. The exact spelling is part of it, so each spelling reaches the vendor
    /// register (which keeps other spellings as aliases).
    static func vendorKey(_ vendor: VendorReference) -> String {
        "\(vendor.corporateNumber?.rawValue ?? "")\u{1F}\(vendor.name ?? "")"
    }

    static let copyColumns = [
        "import_id", "line", "errors", "vendor_key", "vendor_name", "vendor_corporate_number", "category_code",
        "title", "product", "amount", "tax_included", "billing_basis", "start_date", "end_date", "contract_method",
        "renewal_notice_date", "external_reference", "notes", "source_url", "signed_date",
    ]

    /// Appends the row as one line of COPY's text format, in ``copyColumns`` order.
    func writeCopyLine(importID: Int64, into buffer: inout ByteBuffer) {
        var fields: [String?] = [String(importID), String(line)]
        if let draft {
            fields += [
                nil, Self.vendorKey(draft.vendor), draft.vendor.name, draft.vendor.corporateNumber?.rawValue,
                draft.categoryCode, draft.title, draft.product, String(draft.amount), draft.taxIncluded ? "t" : "f",
                draft.billingBasis.rawValue, draft.startDate.description, draft.endDate.description,
                draft.contractMethod.rawValue, draft.renewalNoticeDate?.description, draft.externalReference,
                draft.notes, draft.sourceURL, draft.signedDate?.description,
            ]
        } else {
            let json = (try? JSONEncoder().encode(errors ?? [])).map { String(decoding: $0, as: UTF8.self) }
            fields += [json ?? "[]"] + [String?](repeating: nil, count: Self.copyColumns.count - 3)
        }
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            CopyText.writeField(field, into: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }
}

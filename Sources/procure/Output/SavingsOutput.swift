import Foundation
import ProcurementClient

/// How the savings ledger and its reports read on a terminal.
enum SavingsText {
    typealias Entry = Components.Schemas.SavingsEntry

    /// One entry as `record` and `reverse` print it.
    static func entry(_ entry: Entry) -> RecordDetail {
        var fields: [RecordDetail.Field] = [
            .init("entry", "\(entry.id)"),
            .init("case", "\(entry.caseId)"),
            .init("municipality", "\(entry.municipality.name) (\(entry.municipality.code))"),
            .init("fiscal year", "\(entry.fiscalYear)"),
            .init("effective", "\(entry.effectiveDate)"),
            .init("baseline", .yen(entry.baselineAmount)),
            .init("negotiated", .yen(entry.negotiatedAmount)),
            .init("savings", .yen(entry.savings)),
            .init("tax", entry.taxIncluded ? "included" : "excluded"),
        ]
        if let reverses = entry.reversesId {
            fields.append(.init("reverses", "entry \(reverses)"))
            fields.append(.init("reason", "\(entry.reason ?? "")"))
        }
        if let note = entry.note { fields.append(.init("note", "\(note)")) }
        fields.append(.init("recorded by", "\(entry.recordedBy)"))
        fields.append(.init("hash", "\(entry.hash ?? "(not sealed yet)")"))
        return RecordDetail(fields: fields, item: entry)
    }

    /// Entries in the order recorded; a reversal's savings count negative. With `running`, the
    /// running total of a statement.
    static func listing(_ entries: [Entry], running: [Int64]?) -> Listing {
        var columns: [Listing.Column] = [
            .right("ID"), .left("CASE"), .left("MUNICIPALITY"), .right("FY"), .left("EFFECTIVE"),
            .right("BASELINE"), .right("NEGOTIATED"), .right("SAVINGS"), .left("REVERSES"), .left("NOTE / REASON"),
        ]
        if running != nil { columns.append(.right("RUNNING")) }
        let rows = entries.enumerated().map { index, entry -> [Listing.Cell] in
            let sign: Int64 = entry.reversesId == nil ? 1 : -1
            var row: [Listing.Cell] = [
                Listing.Cell(entry.id), Listing.Cell(entry.caseId),
                Listing.Cell(entry.municipality.name), Listing.Cell("\(entry.fiscalYear)"),
                Listing.Cell(entry.effectiveDate),
                .yen(sign * entry.baselineAmount), .yen(sign * entry.negotiatedAmount), .yen(sign * entry.savings),
                Listing.Cell(entry.reversesId ?? ""), Listing.Cell(entry.reason ?? entry.note ?? ""),
            ]
            if let running { row.append(.yen(running[index])) }
            return row
        }
        return Listing(columns: columns, rows: rows, items: entries)
    }

    /// A report: one row per group and the total last.
    static func report(_ report: Components.Schemas.SavingsReport) -> Listing {
        func rate(_ totals: Components.Schemas.SavingsTotals) -> Listing.Cell {
            guard let rate = totals.savingsRate else { return "" }
            let basisPoints = Int((rate * 10_000).rounded())
            let text = "\(basisPoints / 100).\(String(format: "%02d", basisPoints % 100))%"
            return Listing.Cell(text, plain: String(rate))
        }
        func row(_ key: String, _ label: String, _ totals: Components.Schemas.SavingsTotals) -> [Listing.Cell] {
            [
                Listing.Cell(key), Listing.Cell(label), .yen(totals.baseline), .yen(totals.negotiated),
                .yen(totals.savings), rate(totals), .count(totals.entries),
            ]
        }
        let title =
            switch report.groupBy {
            case .fiscalYear: "FISCAL YEAR"
            case .municipality: "MUNICIPALITY"
            case .prefecture: "PREFECTURE"
            case .vendor: "VENDOR"
            case .category: "CATEGORY"
            case ._case: "CASE"
            }
        return Listing(
            columns: [
                .left(title), .left("NAME"), .right("BASELINE"), .right("NEGOTIATED"), .right("SAVINGS"),
                .right("RATE"), .right("ENTRIES"),
            ],
            rows: report.groups.map { row($0.key, $0.label, $0.totals) } + [row("total", "合計", report.total)],
            items: report)
    }
}

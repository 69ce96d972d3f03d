import Foundation
import Ledger
import ProcurementClient

/// How the savings ledger and its reports read on a terminal.
enum SavingsText {
    typealias Entry = Components.Schemas.SavingsEntry

    /// One entry as `record` and `reverse` print it: a reversal's figures as the ledger counts
    /// them, negative, as `list` shows them.
    static func entry(_ entry: Entry) -> RecordDetail {
        let sign: Int64 = entry.reversesId == nil ? 1 : -1
        var fields: [RecordDetail.Field] = [
            .init(Label.entry, "\(entry.id)"),
            .init(Label.caseLabel, "\(entry.caseId)"),
            .init(Label.municipality, "\(entry.municipality.name) (\(entry.municipality.code))"),
            .init(Label.fiscalYear, Listing.Cell(fiscalYearText(entry.fiscalYear), plain: "\(entry.fiscalYear)")),
            .init(Label.effective, "\(entry.effectiveDate)"),
            .init(Label.baseline, .yen(sign * entry.baselineAmount)),
            .init(Label.negotiated, .yen(sign * entry.negotiatedAmount)),
            .init(Label.savings, .yen(sign * entry.savings)),
            .init(
                Label.tax,
                Listing.Cell(
                    (entry.taxIncluded ? Label.taxIncludedValue : Label.taxExcludedValue).local,
                    plain: entry.taxIncluded ? "included" : "excluded")),
        ]
        if let reverses = entry.reversesId {
            fields.append(.init(Label.reverses, Listing.Cell(Label.entryNumber(reverses).local, plain: reverses)))
            fields.append(.init(Label.reason, "\(entry.reason ?? "")"))
        } else if let reason = entry.reason {
            fields.append(.init(Label.differsBecause, "\(reason)"))
        }
        if let note = entry.note { fields.append(.init(Label.note, "\(note)")) }
        fields.append(.init(Label.recordedBy, "\(entry.recordedBy)"))
        fields.append(.init(Label.hash, "\(entry.hash ?? Label.notSealed.local)"))
        return RecordDetail(fields: fields, item: entry)
    }

    /// Entries in the order recorded; a reversal's savings count negative. With `running`, the
    /// running total of a statement.
    static func listing(_ entries: [Entry], running: [Int64]?) -> Listing {
        var columns: [Listing.Column] = [
            .right(Heading.id), .left(Heading.caseHeading), .left(Heading.municipality), .right(Heading.fiscalYear),
            .left(Heading.effective),
            .right(Heading.baseline), .right(Heading.negotiated), .right(Heading.savings), .left(Heading.reverses),
            .left(Heading.noteOrReason),
        ]
        if running != nil { columns.append(.right(Heading.running)) }
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
        let title: Bilingual =
            switch report.groupBy {
            case .fiscalYear: Heading.fiscalYear
            case .municipality: Heading.municipality
            case .prefecture: Heading.prefecture
            case .vendor: Heading.vendor
            case .category: Heading.category
            case ._case: Heading.caseHeading
            }
        // A fiscal year's name is the year said as people say it (`2025年度（令和7年度）`).
        func label(_ group: Components.Schemas.SavingsReportGroup) -> String {
            guard report.groupBy == .fiscalYear, let year = Int(group.key) else { return group.label }
            return fiscalYearText(year)
        }
        return Listing(
            columns: [
                .left(title), .left(Heading.name), .right(Heading.baseline), .right(Heading.negotiated),
                .right(Heading.savings),
                .right(Heading.rate), .right(Heading.entries),
            ],
            rows: report.groups.map { row($0.key, label($0), $0.totals) }
                + [row(Label.total.local, "", report.total)],
            items: report)
    }
}

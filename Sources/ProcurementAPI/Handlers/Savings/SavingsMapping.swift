import Foundation
import Ledger
import ProcurementClient

// Conversions between the API's savings types and the ledger's.

extension Components.Schemas.SavingsEntry {
    init(_ entry: SavingsEntry) {
        self.init(
            id: String(entry.id), caseId: String(entry.caseID), municipality: .init(entry.municipality),
            fiscalYear: entry.fiscalYear, effectiveDate: entry.effectiveDate.description,
            baselineAmount: entry.baselineAmount, negotiatedAmount: entry.negotiatedAmount, savings: entry.savings,
            taxIncluded: entry.taxIncluded, note: entry.note, reversesId: entry.reversesID.map { String($0) },
            reason: entry.reason, recordedBy: entry.recordedBy, recordedAt: entry.recordedAt,
            chainPosition: entry.chainPosition, hash: entry.hash)
    }
}

extension Components.Schemas.SavingsTotals {
    init(_ totals: SavingsTotals) {
        self.init(
            baseline: totals.baseline, negotiated: totals.negotiated, savings: totals.savings,
            savingsRate: totals.savingsRate, entries: totals.entries)
    }
}

extension SavingsGrouping {
    init(_ grouping: Components.Schemas.SavingsGrouping) {
        switch grouping {
        case .fiscalYear: self = .fiscalYear
        case .municipality: self = .municipality
        case .prefecture: self = .prefecture
        case .vendor: self = .vendor
        case .category: self = .category
        case ._case: self = .case
        }
    }
}

extension Components.Schemas.SavingsGrouping {
    init(_ grouping: SavingsGrouping) {
        switch grouping {
        case .fiscalYear: self = .fiscalYear
        case .municipality: self = .municipality
        case .prefecture: self = .prefecture
        case .vendor: self = .vendor
        case .category: self = .category
        case .case: self = ._case
        }
    }
}

extension SavingsReport {
    /// The report as CSV: a header, one line per group, and the network total last.
    var csv: String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        func line(_ key: String, _ label: String, _ totals: SavingsTotals) -> String {
            [
                field(key), field(label), String(totals.baseline), String(totals.negotiated), String(totals.savings),
                totals.savingsRate.map { String($0) } ?? "", String(totals.entries),
            ].joined(separator: ",")
        }
        var lines = ["\(groupBy.rawValue),label,baseline,negotiated,savings,savings_rate,entries"]
        lines += groups.map { line($0.key, $0.label, $0.totals) }
        lines.append(line("total", "合計", total))
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

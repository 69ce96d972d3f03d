import Foundation
import Ledger
import ProcurementClient

// The API's codes as the words of the register's vocabulary (`Ledger/Text/Words.swift`): a table
// prints the word in the language of this run; JSON keeps the code.

extension Components.Schemas.BillingBasis {
    var word: Bilingual { Ledger.BillingBasis(rawValue: rawValue)?.word ?? .verbatim(rawValue) }
}

extension Components.Schemas.ContractMethod {
    var word: Bilingual { Ledger.ContractMethod(rawValue: rawValue)?.word ?? .verbatim(rawValue) }
}

extension Components.Schemas.MunicipalityKind {
    var word: Bilingual { Municipality.Kind(rawValue: rawValue)?.word ?? .verbatim(rawValue) }
}

extension Components.Schemas.CaseStatus {
    var word: Bilingual { Ledger.CaseStatus(rawValue: rawValue)?.word ?? .verbatim(rawValue) }
}

extension Components.Schemas.ParticipantStatus {
    var word: Bilingual { Ledger.ParticipantStatus(rawValue: rawValue)?.word ?? .verbatim(rawValue) }
}

extension Components.Schemas.PeerMatch {
    var word: Bilingual {
        switch self {
        case .product: Ledger.PeerMatch.product.word
        case .category: Ledger.PeerMatch.category.word
        case .vendor: Ledger.PeerMatch.vendor.word
        }
    }
}

extension Components.Schemas.Role {
    var word: Bilingual { LedgerText.role(admin: self == .admin) }
}

/// A fiscal year as the language of this run says it: `2025年度（令和7年度）`, `FY2025`.
func fiscalYearText(_ year: some BinaryInteger) -> String {
    LedgerText.fiscalYear(Int(year)).local
}

/// A moment in Japan time: `2026-12-07 17:01 JST`.
func japanTime(_ date: Date) -> String {
    JapanTime.minute(date)
}

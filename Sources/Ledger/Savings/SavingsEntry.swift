import Crypto
import Foundation

/// One line of the cost-reduction ledger: what a participating municipality saved through a case
/// in one fiscal year (年度), or the reversal that cancels such a line.
///
/// Entries never change once written (PostgreSQL refuses UPDATE and DELETE): a mistake is
/// corrected by a reversal, which repeats the original's figures and counts with the opposite
/// sign, and the right figure is then recorded as a new entry.
public struct SavingsEntry: Sendable, Hashable {
    public let id: Int64
    public let caseID: Int64
    public let municipality: Contract.Municipality
    /// The fiscal year `effectiveDate` falls in (April–March).
    public let fiscalYear: Int32
    public let effectiveDate: BusinessDate
    public let baselineAmount: Int64
    public let negotiatedAmount: Int64
    /// `baselineAmount − negotiatedAmount`, derived by the database; negative if the price rose.
    public let savings: Int64
    public let taxIncluded: Bool
    public let note: String?
    /// For a reversal: the entry it cancels.
    public let reversesID: Int64?
    /// For a reversal, why it cancels its entry; for an entry, why its figures differ from the
    /// case's agreement (nil when they are the agreement's).
    public let reason: String?
    public let recordedBy: String
    public let recordedAt: Date
    /// The entry's place in the hash chain and its hash (SHA-256, hex); nil for an entry committed
    /// a moment ago that the chain has not sealed yet (a write returns its entry sealed).
    public let chainPosition: Int64?
    public let hash: String?

    /// +1 for an entry, −1 for a reversal: how the entry counts in sums.
    public var sign: Int64 { reversesID == nil ? 1 : -1 }
}

/// A savings entry as a caller states it, validated: the fiscal year comes from the effective date.
public struct SavingsDraft: Sendable, Hashable {
    public let municipality: MunicipalityCode
    public let effectiveDate: BusinessDate
    public let baselineAmount: Int64
    public let negotiatedAmount: Int64
    public let taxIncluded: Bool
    public let note: String?
    /// Why the figures differ from the case's agreement, when they do: without one, the ledger
    /// takes only the agreed annual amount and the participant's baseline.
    public let reason: String?

    /// `differsFromAgreement` says the figures are not the agreement's, and `reason` why: the two
    /// come together.
    /// - Throws: ``SavingsError/invalid(code:_:)`` for negative amounts, a fiscal year that is not
    ///   the effective date's, a note or reason too long, or a reason without `differsFromAgreement`
    ///   (or the other way round).
    public init(
        municipality: MunicipalityCode, fiscalYear: Int32? = nil, effectiveDate: BusinessDate, baselineAmount: Int64,
        negotiatedAmount: Int64, taxIncluded: Bool, note: String? = nil, differsFromAgreement: Bool = false,
        reason: String? = nil
    ) throws(SavingsError) {
        var errors: [InvalidCaseField] = []
        let range: ClosedRange<Int64> = 0...1_000_000_000_000_000
        if !range.contains(baselineAmount) {
            errors.append(.init(field: "baselineAmount", message: LedgerText.yenAmount))
        }
        if !range.contains(negotiatedAmount) {
            errors.append(.init(field: "negotiatedAmount", message: LedgerText.yenAmount))
        }
        if !(1989...2200).contains(effectiveDate.fiscalYear) {
            errors.append(.init(field: "effectiveDate", message: LedgerText.effectiveDateYears))
        }
        if let fiscalYear, fiscalYear != Int32(effectiveDate.fiscalYear) {
            errors.append(
                .init(
                    field: "fiscalYear",
                    message: LedgerText.notItsFiscalYear(effectiveDate, fiscalYear: fiscalYear)))
        }
        let text = note?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let text, text.count > 2000 {
            errors.append(.init(field: "note", message: LedgerText.atMostCharacters(2000)))
        }
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let why, why.count > 2000 {
            errors.append(.init(field: "reason", message: LedgerText.atMostCharacters(2000)))
        }
        let stated = why.flatMap { $0.isEmpty ? nil : $0 }
        if differsFromAgreement, stated == nil {
            errors.append(.init(field: "reason", message: LedgerText.differenceNeedsReason))
        } else if !differsFromAgreement, stated != nil {
            errors.append(.init(field: "reason", message: LedgerText.reasonOnlyForDifference))
        }
        guard errors.isEmpty else { throw .invalid(code: "invalid_savings_entry", errors) }
        self.municipality = municipality
        self.effectiveDate = effectiveDate
        self.baselineAmount = baselineAmount
        self.negotiatedAmount = negotiatedAmount
        self.taxIncluded = taxIncluded
        self.note = text.flatMap { $0.isEmpty ? nil : $0 }
        self.reason = stated
    }

    public var fiscalYear: Int32 { Int32(effectiveDate.fiscalYear) }

    /// SHA-256 (hex) of what the request asks for, to tell a retry from another request under the
    /// same idempotency key. Built from the validated values, so two spellings of one request
    /// (keys in another order, a fiscal year stated or left out) are the same request.
    public func requestHash(caseID: Int64) -> String {
        var fields: [String] = [
            "savings-entry", String(caseID), municipality.rawValue, effectiveDate.description,
            String(baselineAmount), String(negotiatedAmount), String(taxIncluded), note ?? "",
        ]
        // Only when there is one, so a request without a reason hashes as it did before reasons.
        if let reason { fields += ["reason", reason] }
        let text = fields.map { "\($0.utf8.count):\($0)" }.joined()
        return SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// What recording an entry under an idempotency key came to: a new entry, or the entry the key's
/// first use recorded (a replay).
public enum SavingsRecording: Sendable, Hashable {
    case recorded(SavingsEntry)
    case replayed(SavingsEntry)
}

/// The result of recomputing the hash chain.
public struct ChainVerification: Sendable, Hashable {
    /// How many entries were checked.
    public let entries: Int64
    /// The first entry (in chain order) whose stored hash or link does not match; nil when intact.
    public let firstMismatch: Mismatch?

    public struct Mismatch: Sendable, Hashable {
        public let entryID: Int64
        /// Nil for an entry that is not in the chain at all.
        public let chainPosition: Int64?
        public let storedHash: String
        public let computedHash: String
        /// Why it does not match: its content, or its link to the entry before it.
        public let reason: String
    }

    public var isIntact: Bool { firstMismatch == nil }
}

/// Why a savings operation was refused; the API turns each into its documented response.
public enum SavingsError: Error, Sendable, Hashable, CustomStringConvertible {
    case caseNotFound(id: Int64)
    case entryNotFound(id: Int64)
    case forbidden(Bilingual)
    case conflict(code: String, Bilingual)
    case invalid(code: String, [InvalidCaseField])
    /// The idempotency key was used before for another request.
    case idempotencyKeyReused(key: String)

    public var description: String { message.english }
}

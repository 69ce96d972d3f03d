import Foundation

/// One entry of a case's append-only timeline.
public struct CaseTimelineEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case opened
        /// The lead changed the case's details (title, target, deadline…); the body says how.
        case updated
        case statusChanged = "status_changed"
        case participantChanged = "participant_changed"
        case note
        case minutes
        case offer
        case agreement
    }

    /// Who wrote the entry: the token's name and, for a member, its municipality.
    public struct Author: Sendable, Hashable {
        public let tokenID: Int64?
        public let name: String
        public let municipality: Contract.Municipality?

        public init(tokenID: Int64?, name: String, municipality: Contract.Municipality?) {
            self.tokenID = tokenID
            self.name = name
            self.municipality = municipality
        }
    }

    public let id: Int64
    public let caseID: Int64
    public let kind: Kind
    public let author: Author
    public let createdAt: Date
    /// The note's or minutes' text; nil when the reader may not see it (``hidden``) or for
    /// entries that have none.
    public let body: String?
    public let participantsOnly: Bool
    /// A participants-only note a non-participant reads: it exists, its text is withheld.
    public let hidden: Bool
    /// For status changes: the case's statuses; for participant changes: the participant's.
    public let fromStatus: String?
    public let toStatus: String?
    /// The participant a participant change or a per-participant offer is about.
    public let municipality: Contract.Municipality?
    public let offer: CaseOffer?
    /// For the agreement entry: what was agreed.
    public let agreement: CaseAgreement?
    /// For an `updated` entry: what changed, field by field (empty for entries written before
    /// they were kept).
    public let changes: [CaseDetailChange]

    public init(
        id: Int64, caseID: Int64, kind: Kind, author: Author, createdAt: Date, body: String?, participantsOnly: Bool,
        hidden: Bool, fromStatus: String?, toStatus: String?, municipality: Contract.Municipality?, offer: CaseOffer?,
        agreement: CaseAgreement?, changes: [CaseDetailChange] = []
    ) {
        self.id = id
        self.caseID = caseID
        self.kind = kind
        self.author = author
        self.createdAt = createdAt
        self.body = body
        self.participantsOnly = participantsOnly
        self.hidden = hidden
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.municipality = municipality
        self.offer = offer
        self.agreement = agreement
        self.changes = changes
    }
}

/// One field of a case's details as the lead changed it: the values as the case holds them,
/// in no language (a deadline `2026-12-24`, a target `10%` or `¥500000` a year); a description's
/// text is not repeated, only that it changed.
public struct CaseDetailChange: Sendable, Hashable, Codable {
    public enum Field: String, Sendable, Hashable, Codable, CaseIterable {
        case title, product, target, deadline, description
    }

    public let field: Field
    public let before: String?
    public let after: String?

    public init(field: Field, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }

    /// The change as the entry's body has always said it, in English: `title: A → B`,
    /// `target: 10% → ¥500000 a year`, `description changed`.
    public var englishLine: String {
        guard field != .description else { return "description changed" }
        func text(_ value: String?) -> String {
            guard let value else { return "—" }
            return field == .target && value.hasPrefix("¥") ? "\(value) a year" : value
        }
        return "\(field.rawValue): \(text(before)) → \(text(after))"
    }
}

/// A vendor's offer: for the whole group (no municipality) or one participant.
public struct CaseOffer: Sendable, Hashable {
    public let municipality: MunicipalityCode?
    public let amount: Int64
    public let taxIncluded: Bool
    public let offeredOn: BusinessDate
    public let validUntil: BusinessDate?

    public init(
        municipality: MunicipalityCode?, amount: Int64, taxIncluded: Bool, offeredOn: BusinessDate,
        validUntil: BusinessDate?
    ) {
        self.municipality = municipality
        self.amount = amount
        self.taxIncluded = taxIncluded
        self.offeredOn = offeredOn
        self.validUntil = validUntil
    }
}

/// A note or meeting minutes to add to a timeline.
public struct CaseNote: Sendable, Hashable {
    public let minutes: Bool
    public let body: String
    public let participantsOnly: Bool

    public init(body: String, minutes: Bool = false, participantsOnly: Bool = false) {
        self.body = body
        self.minutes = minutes
        self.participantsOnly = participantsOnly
    }
}

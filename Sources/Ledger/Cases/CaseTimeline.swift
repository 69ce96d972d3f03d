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

    public init(
        id: Int64, caseID: Int64, kind: Kind, author: Author, createdAt: Date, body: String?, participantsOnly: Bool,
        hidden: Bool, fromStatus: String?, toStatus: String?, municipality: Contract.Municipality?, offer: CaseOffer?,
        agreement: CaseAgreement?
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

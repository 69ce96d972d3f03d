/// Who may do what in a joint negotiation, and which moves a case and its participants can make.
///
/// The lead municipality runs the case: it invites, approves or refuses requests, records the
/// vendor's offers and moves the case along; an admin (a coordinator of the network) may do
/// whatever the lead may. Each municipality answers for itself: only it (or an admin) accepts or
/// declines its invitation, asks to join, or withdraws. Reading is open to every member, since
/// finding a case to join is the point; only participants-only notes are kept to participants.
///
/// The rules are pure decisions; ``CaseRepository`` applies them inside the write's transaction,
/// with the case's row locked.
public enum CasePolicy {
    /// The statuses a case may move to from `status`.
    ///
    /// Recruiting ends by negotiating (or by the lead giving up); a negotiation ends agreed or
    /// failed, and only an ended negotiation is closed, so an agreement is never skipped over. An
    /// agreed case cannot be withdrawn: its amounts are what the savings ledger counts.
    public static func allowedTransitions(from status: CaseStatus) -> [CaseStatus] {
        switch status {
        case .open: [.negotiating, .withdrawn]
        case .negotiating: [.agreed, .failed, .withdrawn]
        case .agreed, .failed: [.closed]
        case .closed, .withdrawn: []
        }
    }

    /// A joint negotiation needs at least two municipalities taking part (the lead and one more).
    public static let minimumActiveParticipantsToNegotiate = 2

    /// Whether `principal` may act as the lead of a case led by `lead`.
    public static func actsAsLead(_ principal: Principal, lead: MunicipalityCode) -> Bool {
        switch principal.role {
        case .admin: true
        case .member(let own): own == lead
        }
    }

    /// Whether `principal` may act for `municipality` (its own, or any for an admin).
    public static func actsFor(_ principal: Principal, municipality: MunicipalityCode) -> Bool {
        switch principal.role {
        case .admin: true
        case .member(let own): own == municipality
        }
    }

    /// Whether a case is still gathering or negotiating, so its participants can change.
    static func isLive(_ status: CaseStatus) -> Bool { status == .open || status == .negotiating }

    /// The participant statuses from which `action` is possible, and the status it leads to.
    static func participantMove(_ action: ParticipantAction) -> (from: Set<ParticipantStatus?>, to: ParticipantStatus) {
        switch action {
        case .invite: ([nil, .declined, .refused, .withdrawn], .invited)
        case .accept: ([.invited], .active)
        case .decline: ([.invited], .declined)
        case .join: ([nil, .declined, .withdrawn], .requested)
        case .approve: ([.requested], .active)
        case .refuse: ([.requested], .refused)
        case .withdraw: ([.invited, .requested, .active], .withdrawn)
        case .restate: ([.active], .active)
        }
    }
}

/// What can happen to a municipality's participation.
public enum ParticipantAction: String, Sendable, Hashable, CaseIterable {
    /// The lead invites a municipality.
    case invite
    /// The invited municipality accepts, stating its baseline.
    case accept
    /// The invited municipality declines.
    case decline
    /// A municipality asks to join an open case, stating its baseline.
    case join
    /// The lead approves a request to join.
    case approve
    /// The lead refuses a request to join.
    case refuse
    /// A participant leaves (until the case is agreed).
    case withdraw
    /// An active participant (the lead too) states or changes its baseline.
    case restate

    /// Whether the lead takes the action (rather than the municipality concerned).
    var isLeads: Bool { self == .invite || self == .approve || self == .refuse }

    /// Whether the municipality states its baseline with the action.
    var needsBaseline: Bool { self == .accept || self == .join || self == .restate }
}

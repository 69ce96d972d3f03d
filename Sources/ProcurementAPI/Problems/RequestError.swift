import Ledger

/// What the API layer itself refuses in a request, beside the Ledger's own refusals: a value that
/// is not what it names, a missing `If-Match`, an operation only admins may call, something a
/// handler looked up and did not find. ``ProblemMapping`` gives each its status, code and words;
/// the handler only says what was wrong and, for a value, where it was (`at`: `/name` in the body
/// or the path, `?name` in the query).
enum RequestError: Error, Sendable {
    /// The opaque ids the API takes as text; the registers number them.
    enum IDKind: Sendable {
        case `case`
        case contract
        case vendor
        case savingsEntry
        case mergeProposal
    }

    /// Where an admin, who belongs to no municipality, had to name one.
    enum MissingMunicipality: Sendable {
        /// `GET /cases?mine=true`.
        case mine
        /// A peer report, which is always some municipality's.
        case report
        /// A contract import, which is always some municipality's contracts.
        case importOwner
    }

    /// The resource a missing or unusable `If-Match` was for.
    /// What only the network's coordinators may do.
    enum AdminAction: Sendable {
        case mergeVendors
        case decideMerges
        case addCategories
    }

    enum Versioned: Sendable {
        case `case`(Int64)
        case contract(Int64)
    }

    /// An id that is not a positive whole number; `example` adds what an id looks like.
    case invalidID(IDKind, String, at: String, example: Bool = false)
    case invalidMunicipalityCode(InvalidMunicipalityCode, at: String)
    case invalidCorporateNumber(InvalidCorporateNumber, at: String)
    case invalidDate(String, at: String)
    /// A `?prefecture` filter that names no prefecture.
    case unknownPrefecture(String)
    /// A `?search` text longer than the documented maximum.
    case searchTooLong(maximum: Int)
    /// A whole-number query parameter outside its documented range.
    case outOfRange(name: String, value: Int32, range: ClosedRange<Int>)
    case invalidIdempotencyKey
    case municipalityRequired(MissingMunicipality)
    /// A case given its target both in percent and in yen.
    case targetInPercentAndYen
    case ifMatchRequired(Versioned)
    /// An `If-Match` that names no version (`*`, a list, garbage).
    case ifMatchNotAVersion(String, Versioned)
    /// An operation only the network's coordinators may call; `action` says what it does.
    case adminsOnly(AdminAction)
    /// A member asked for another municipality's pending work.
    case othersPendingWork
    /// A member importing another municipality's contracts; both named by their names.
    case foreignImport(callerName: String, ownerName: String)
    case municipalityNotFound(MunicipalityCode)
    case vendorNotFound(corporateNumber: CorporateNumber)
    /// A contract history asked for an id that no contract ever had.
    case contractNeverExisted(Int64)
    /// A new vendor that the register already has: `requested` as asked, `name` as registered.
    case vendorExists(requested: String, existingID: Int64, name: String)
}

import Foundation

/// A company municipalities contract with: one row however its name is written.
///
/// A vendor is identified by its corporate number when it has one, else by its ``VendorNameKey``.
/// Every other spelling of its name seen in imports and merges is kept as an alias, and aliases
/// lead back to the vendor as its own name does.
public struct Vendor: Sendable, Hashable, Identifiable {
    public let id: Int64
    /// The name as first registered.
    public let name: String
    public let nameKey: VendorNameKey
    public let corporateNumber: CorporateNumber?
    /// The reading in katakana, when known.
    public let kana: String?
    /// Other spellings of the name, oldest first.
    public let aliases: [String]
    public let createdAt: Date

    public init(
        id: Int64, name: String, nameKey: VendorNameKey, corporateNumber: CorporateNumber?, kana: String?,
        aliases: [String], createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.nameKey = nameKey
        self.corporateNumber = corporateNumber
        self.kana = kana
        self.aliases = aliases
        self.createdAt = createdAt
    }
}

/// A vendor to register, validated: the name has a key, the corporate number a right check digit.
public struct NewVendor: Sendable, Hashable {
    /// The longest name or reading the register keeps (the database checks the same).
    public static let maximumLength = 300

    public let name: String
    public let nameKey: VendorNameKey
    public let corporateNumber: CorporateNumber?
    /// The reading, folded to katakana (see ``SearchText``) so that a search in hiragana finds it.
    public let kana: String?

    /// Trims the name and the reading; an empty reading is no reading.
    public init(name: String, corporateNumber: CorporateNumber? = nil, kana: String? = nil) throws(InvalidVendor) {
        let name = try Self.validName(name)
        do {
            nameKey = try VendorNameKey(name)
        } catch {
            throw .name(error.message)
        }
        self.name = name
        self.corporateNumber = corporateNumber
        let kana = kana.map(SearchText.normalise).flatMap { $0.isEmpty ? nil : $0 }
        if let kana, kana.unicodeScalars.count > Self.maximumLength {
            throw .kana(LedgerText.readingTooLong(Self.maximumLength))
        }
        self.kana = kana
    }

    /// The name trimmed, if it fits the register.
    static func validName(_ name: String) throws(InvalidVendor) -> String {
        let name = name.trimmingWhitespace()
        // PostgreSQL's length() counts code points, not Swift's grapheme clusters.
        guard name.unicodeScalars.count <= maximumLength else {
            throw .name(LedgerText.vendorNameTooLong(maximumLength))
        }
        return name
    }
}

/// Why a vendor cannot be registered as given.
public enum InvalidVendor: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name is blank, nothing but a legal form, or too long.
    case name(Bilingual)
    /// The reading is too long.
    case kana(Bilingual)

    public var message: Bilingual {
        switch self {
        case .name(let message), .kana(let message): message
        }
    }

    public var description: String { message.english }
}

/// Why the vendor register refuses a request.
public enum VendorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The corporate number or name key is already registered, as this vendor's (or as its alias).
    case exists(id: Int64, name: String)
    case notFound(Int64)
    /// A vendor cannot be merged into itself.
    case mergeIntoItself(Int64)
    /// Two vendors with different corporate numbers are two corporations; merging them would lose
    /// one number, which is the authoritative identity.
    case differentCorporateNumbers(CorporateNumber, CorporateNumber)
    /// The name is new but close to these registered vendors' (a likely typo); registering it
    /// needs a confirmation.
    case similarExists(name: String, [SimilarVendor])

    public var description: String { message.english }
}

/// What a merge did: the surviving vendor, with the loser's names among its aliases.
public struct VendorMerge: Sendable, Hashable {
    public let vendor: Vendor
    public let mergedVendorID: Int64
    public let contractsMoved: Int
}

/// The vendor a ``VendorReference`` names, as ``VendorRepository/resolve(_:on:logger:)`` found or
/// registered it.
public struct ResolvedVendor: Sendable, Hashable {
    public let id: Int64
    /// The vendor's registered name (not necessarily the spelling in the reference).
    public let name: String
    /// Whether the vendor was registered by this resolution.
    public let created: Bool
    /// For a vendor registered under a name close to registered vendors' (when resolving with
    /// ``SimilarVendorPolicy/register``): those vendors, closest first.
    public var similar: [SimilarVendor] = []
}

/// A registered vendor whose name (or one of its aliases) is close to a name being registered: the
/// likely vendor a typo meant.
public struct SimilarVendor: Sendable, Hashable, Codable {
    public let id: Int64
    public let name: String
    /// pg_trgm's `similarity` of the two name keys (0…1).
    public let similarity: Double

    public init(id: Int64, name: String, similarity: Double) {
        self.id = id
        self.name = name
        self.similarity = similarity
    }
}

/// What resolving a reference does with a new name close to registered vendors'.
public enum SimilarVendorPolicy: Sendable {
    /// Refuse it (``VendorResolutionError/similarExists(name:_:)``) unless the reference says
    /// ``VendorReference/confirmNew``: a person typing one contract is asked.
    case refuse
    /// Register it and return the close vendors with it: an import lists them in its summary.
    case register
}

/// Why a ``VendorReference`` names no vendor.
public enum VendorResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownVendorID(Int64)
    /// The name is blank, nothing but a legal form, or too long; the message says which.
    case invalidName(Bilingual)
    /// The corporate number is not registered and no name was given to register it under.
    case unknownCorporateNumber(CorporateNumber)
    /// The reference contradicts the register, e.g. a new corporate number with the name of a
    /// vendor that has another one; the message says how.
    case conflict(Bilingual)
    /// Neither id, corporate number nor name was given.
    case empty
    /// The name is new, but close to these registered vendors': a typo of one of them, or a new
    /// vendor the reference must confirm (``VendorReference/confirmNew``).
    case similarExists(name: String, [SimilarVendor])

    public var description: String { message.english }
}

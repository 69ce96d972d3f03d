/// How a peer municipality matches the caller on a vendor, best first: it buys the same product,
/// something in the same category, or only something else from the same vendor.
public enum PeerMatch: Int, Sendable, Hashable, Comparable, CaseIterable {
    case product = 1
    case category = 2
    case vendor = 3

    public var name: String {
        switch self {
        case .product: "product"
        case .category: "category"
        case .vendor: "vendor"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A contract as the peer reports show it: what is bought, what it costs a year on its own tax
/// basis and tax-aligned, and when it runs.
public struct PeerContract: Sendable, Hashable {
    public let id: Int64
    public let categoryCode: String
    public let title: String
    public let product: String?
    /// The product's matching key (NFKC, lower case, no spaces; the database's `product_key`).
    public let productKey: String?
    /// The annualised amount on the contract's own tax basis.
    public let annualAmount: Int64
    public let taxIncluded: Bool
    /// The annualised amount with consumption tax at the rate in force on the start date.
    public let taxIncludedAnnualAmount: Int64
    public let startDate: BusinessDate
    public let endDate: BusinessDate
    public let renewalNoticeDate: BusinessDate?

    public init(
        id: Int64, categoryCode: String, title: String, product: String?, productKey: String?, annualAmount: Int64,
        taxIncluded: Bool, taxIncludedAnnualAmount: Int64, startDate: BusinessDate, endDate: BusinessDate,
        renewalNoticeDate: BusinessDate?
    ) {
        self.id = id
        self.categoryCode = categoryCode
        self.title = title
        self.product = product
        self.productKey = productKey
        self.annualAmount = annualAmount
        self.taxIncluded = taxIncluded
        self.taxIncludedAnnualAmount = taxIncludedAnnualAmount
        self.startDate = startDate
        self.endDate = endDate
        self.renewalNoticeDate = renewalNoticeDate
    }
}

/// A peer's price against the caller's on what they both buy: the sums of their tax-included
/// annual amounts on the matched product keys (or categories).
public struct PeerPriceComparison: Sendable, Hashable {
    public let basis: PeerMatch
    public let ownAnnualAmount: Int64
    public let peerAnnualAmount: Int64
    public let price: PriceComparison
}

/// Another municipality that buys from the same vendor: how it matches, what it buys from the
/// vendor, and how its price compares.
public struct Peer: Sendable, Hashable {
    public let municipality: Contract.Municipality
    /// As well as its best current contract with the vendor matches the caller's: its product key
    /// is one of the caller's, else its category is one of the caller's, else the vendor only.
    public let match: PeerMatch
    /// Its current contracts with the vendor.
    public let contractCount: Int
    /// Their tax-included annual total.
    public let annualAmount: Int64
    public let earliestEndDate: BusinessDate
    /// The categories of those contracts, in code order.
    public let categories: [String]
    /// The products (as written) of the contracts the match rests on, in order.
    public let products: [String]
    /// Absent for a vendor-only peer: it buys something else, and prices of different things do
    /// not compare.
    public let comparison: PeerPriceComparison?

    /// What the peer report's statement says of one peer, before the caller's side is compared.
    public struct Holdings: Sendable, Hashable {
        /// How the peer matches, as the report's ranking worked it out (``PeersStatement``).
        public var match: PeerMatch
        public var contractCount: Int
        public var annualAmount: Int64
        public var earliestEndDate: BusinessDate
        public var categories: [String]
        public var products: [String]
        /// The product keys of its contracts that are also the caller's, and their total.
        public var matchedProductKeys: [String]
        public var productAmount: Int64
        /// The categories of its contracts that are also the caller's, and their total.
        public var matchedCategories: [String]
        public var categoryAmount: Int64

        public init(
            match: PeerMatch, contractCount: Int, annualAmount: Int64, earliestEndDate: BusinessDate,
            categories: [String], products: [String], matchedProductKeys: [String], productAmount: Int64,
            matchedCategories: [String], categoryAmount: Int64
        ) {
            self.match = match
            self.contractCount = contractCount
            self.annualAmount = annualAmount
            self.earliestEndDate = earliestEndDate
            self.categories = categories
            self.products = products
            self.matchedProductKeys = matchedProductKeys
            self.productAmount = productAmount
            self.matchedCategories = matchedCategories
            self.categoryAmount = categoryAmount
        }
    }

    /// The peer with `holdings`, compared with `own` (the caller's current contracts with the same
    /// vendor). The comparison puts, on both sides, the tax-included annual totals of the
    /// contracts with the product keys both have (for a product match) or in the categories both
    /// have (for a category match) side by side: what each pays a year for the same thing.
    public init(municipality: Contract.Municipality, holdings: Holdings, own: [PeerContract]) {
        self.municipality = municipality
        self.match = holdings.match
        self.contractCount = holdings.contractCount
        self.annualAmount = holdings.annualAmount
        self.earliestEndDate = holdings.earliestEndDate
        self.categories = holdings.categories
        self.products = holdings.products
        let ownAmount: Int64
        let peerAmount: Int64
        switch match {
        case .product:
            let keys = Set(holdings.matchedProductKeys)
            ownAmount = Self.sum(own.filter { $0.productKey.map(keys.contains) ?? false })
            peerAmount = holdings.productAmount
        case .category:
            let categories = Set(holdings.matchedCategories)
            ownAmount = Self.sum(own.filter { categories.contains($0.categoryCode) })
            peerAmount = holdings.categoryAmount
        case .vendor:
            self.comparison = nil
            return
        }
        self.comparison = PeerPriceComparison(
            basis: match, ownAnnualAmount: ownAmount, peerAnnualAmount: peerAmount,
            price: PriceComparison(peer: peerAmount, own: ownAmount))
    }

    /// The sum of tax-included annual amounts, saturating rather than overflowing.
    static func sum(_ contracts: [PeerContract]) -> Int64 {
        contracts.reduce(0) { total, contract in
            let (sum, overflow) = total.addingReportingOverflow(contract.taxIncludedAnnualAmount)
            return overflow ? Int64.max : sum
        }
    }
}

/// A peer's current contracts with a vendor in one category and with one product key (or none):
/// a row of `peer_links`, or the same computed from `contracts` for a day not kept there.
public struct PeerLink: Sendable, Hashable {
    public var categoryCode: String
    public var productKey: String?
    public var contractCount: Int
    /// The contracts' tax-included annual total.
    public var annualAmount: Int64
    public var earliestEndDate: BusinessDate
    /// The contracts' product spellings, sorted; empty without a product.
    public var products: [String]
    /// Whether the caller has a current contract with the vendor with this product key.
    public var productMatched: Bool
    /// Whether the caller has a current contract with the vendor in this category.
    public var categoryMatched: Bool

    public init(
        categoryCode: String, productKey: String?, contractCount: Int, annualAmount: Int64,
        earliestEndDate: BusinessDate, products: [String], productMatched: Bool, categoryMatched: Bool
    ) {
        self.categoryCode = categoryCode
        self.productKey = productKey
        self.contractCount = contractCount
        self.annualAmount = annualAmount
        self.earliestEndDate = earliestEndDate
        self.products = products
        self.productMatched = productMatched
        self.categoryMatched = categoryMatched
    }
}

extension Peer.Holdings {
    /// A peer's holdings with a vendor from its links, with the match and the earliest end date the
    /// report's ranking gave it. Lists are distinct and in byte order of their UTF-8 (the order of
    /// PostgreSQL's C collation, whatever the database's); totals saturate rather than overflow.
    /// The products listed are those the match rests on: of the matched product keys for a product
    /// match, of the matched categories for a category match, none for a vendor-only peer.
    public init(match: PeerMatch, earliestEndDate: BusinessDate, links: [PeerLink]) {
        func total(_ links: some Sequence<PeerLink>) -> Int64 {
            links.reduce(0) { sum, link in
                let (next, overflow) = sum.addingReportingOverflow(link.annualAmount)
                return overflow ? Int64.max : next
            }
        }
        func sortedDistinct(_ values: some Sequence<String>) -> [String] {
            Set(values).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        }
        let byProduct = links.filter(\.productMatched)
        let byCategory = links.filter(\.categoryMatched)
        let shown: [PeerLink] =
            switch match {
            case .product: byProduct
            case .category: byCategory
            case .vendor: []
            }
        self.init(
            match: match, contractCount: links.reduce(0) { $0 + $1.contractCount }, annualAmount: total(links),
            earliestEndDate: earliestEndDate, categories: sortedDistinct(links.map(\.categoryCode)),
            products: sortedDistinct(shown.flatMap(\.products)),
            matchedProductKeys: sortedDistinct(byProduct.compactMap(\.productKey)), productAmount: total(byProduct),
            matchedCategories: sortedDistinct(byCategory.map(\.categoryCode)), categoryAmount: total(byCategory))
    }
}

/// One vendor the municipality buys from, its contracts with it, and the peers that buy from it.
public struct PeerVendor: Sendable, Hashable {
    public let vendor: Contract.Vendor
    public let ownContracts: [PeerContract]
    /// The municipality's tax-included annual spend with the vendor.
    public let ownAnnualAmount: Int64
    /// How many municipalities match, before the per-vendor limit.
    public let peerCount: Int
    /// Ranked: best match first, then the peer whose contract with the vendor ends soonest, then by
    /// code; at most the query's `peersPerVendor`.
    public let peers: [Peer]
}

/// The peers of a municipality across all the vendors it buys from. "Current" contracts, here and
/// in the footprint, are those in force on `asOf`: started on or before it and not yet ended, so
/// a signed successor that starts later is not added to what a municipality pays a year now.
public struct PeerReport: Sendable, Hashable {
    public let municipality: Contract.Municipality
    public let asOf: BusinessDate
    /// By the municipality's annual spend with the vendor, largest first.
    public let vendors: [PeerVendor]
}

/// What a peer report is asked for.
public struct PeerQuery: Sendable, Hashable {
    public var municipality: MunicipalityCode
    public var asOf: BusinessDate
    /// Only this category, on both sides.
    public var categoryCode: String?
    /// Only peers in this prefecture (two-digit code).
    public var prefectureCode: String?
    public var vendorID: Int64?
    /// At most this many peers per vendor.
    public var peersPerVendor: Int

    public static let defaultPeersPerVendor = 10
    public static let peersPerVendorRange = 1...100

    public init(
        municipality: MunicipalityCode, asOf: BusinessDate, categoryCode: String? = nil, prefectureCode: String? = nil,
        vendorID: Int64? = nil, peersPerVendor: Int = Self.defaultPeersPerVendor
    ) {
        self.municipality = municipality
        self.asOf = asOf
        self.categoryCode = categoryCode
        self.prefectureCode = prefectureCode
        self.vendorID = vendorID
        self.peersPerVendor = peersPerVendor
    }
}

/// Why a report cannot be made as asked.
public enum PeerReportError: Error, Sendable, Hashable {
    case municipalityNotFound(MunicipalityCode)
    case vendorNotFound(Int64)
    case unknownCategory(String)
}

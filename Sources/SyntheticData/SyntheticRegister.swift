import Foundation
import Ledger

/// A synthetic but realistic national register of vendors and contracts, for benchmarks and
/// demonstrations: the same options give the same register, byte for byte.
///
/// Built in two steps. The plan (this initialiser) makes the vendors and decides every purchase —
/// which municipality buys how many contracts of which category from which vendor — and the planted
/// outliers. The contracts' details (amounts, dates, titles) are drawn afterwards, one municipality
/// at a time (``contracts(ofMunicipality:)``), so that half a million of them never sit in memory
/// together. Each part draws from its own random stream (``SyntheticRandom``).
///
/// What makes it realistic:
/// - Vendors have plausible company names with a legal form, a reading, up to three other
///   spellings with the same ``VendorNameKey`` (as imports would bring them) and a valid, unique
///   corporate number. Each sells mainly in one category, some in two or three, with one to three
///   products in each.
/// - Markets are concentrated: within a category, vendors' popularity follows a Zipf law (the
///   vendor of rank r is chosen in proportion to 1/r^1.1), and each municipality buys each category
///   from one to three vendors chosen by popularity. The leaders of a category serve hundreds of
///   municipalities and most vendors a handful; a vendor no municipality chose is given one
///   contract in its main category, since a real register learns of vendors through contracts.
/// - Prices are lognormal around a median per category, scaled by the municipality's size.
///
/// Planted outliers: each of the ten vendors serving the most municipalities has two contracts in
/// its main category at 6 to 10 times the category's typical price for the municipality's kind
/// (``outliers``). The lognormal law produces a few less extreme ones of its own.
public struct SyntheticRegister: Sendable {
    /// What to generate. The defaults are the national scale: every municipality, 5,000 vendors,
    /// 300 contracts each.
    public struct Options: Sendable, Hashable {
        public var seed: UInt64
        public var vendorCount: Int
        public var contractsPerMunicipality: Int
        /// Only the first municipalities by code (nil: all 1,741; prefectures never buy here).
        public var municipalityLimit: Int?
        /// The first of the five fiscal years the contracts end in.
        public var firstFiscalYear: Int

        public init(
            seed: UInt64 = 1, vendorCount: Int = 5000, contractsPerMunicipality: Int = 300,
            municipalityLimit: Int? = nil, firstFiscalYear: Int = 2026
        ) {
            self.seed = seed
            self.vendorCount = vendorCount
            self.contractsPerMunicipality = contractsPerMunicipality
            self.municipalityLimit = municipalityLimit
            self.firstFiscalYear = firstFiscalYear
        }

        /// The most vendors: far more than Japan's municipal IT market has, and few enough that
        /// names stay distinct.
        public static let maximumVendors = 100_000
        /// The most contracts per municipality: the contract numbers (SYN-000001) have six digits.
        public static let maximumContractsPerMunicipality = 999_999

        /// Throws when an option is out of range.
        public func validate() throws(SyntheticRegisterError) {
            let categories = SyntheticCategoryProfile.all.count
            guard (categories...Self.maximumVendors).contains(vendorCount) else {
                throw .invalidOption(
                    "--vendors must be \(categories) (a vendor for each category) to \(Self.maximumVendors)")
            }
            guard (1...Self.maximumContractsPerMunicipality).contains(contractsPerMunicipality) else {
                throw .invalidOption(
                    "--contracts-per-municipality must be 1 to \(Self.maximumContractsPerMunicipality)")
            }
            if let municipalityLimit, municipalityLimit < 1 {
                throw .invalidOption("--municipalities must be at least 1")
            }
            guard (2000...2100).contains(firstFiscalYear) else {
                throw .invalidOption("--first-fiscal-year must be 2000 to 2100")
            }
        }
    }

    /// A synthetic vendor. On loading, the vendor at index i of ``vendors`` becomes vendor id i + 1.
    public struct Vendor: Sendable, Hashable {
        /// The registered name, legal form spelled out (`株式会社東日本情報システム`).
        public let name: String
        public let nameKey: VendorNameKey
        /// The reading of the name without its legal form, in katakana.
        public let kana: String
        public let corporateNumber: CorporateNumber
        /// Other spellings of the name, all with ``nameKey``.
        public let aliases: [String]
        /// Indices into ``SyntheticCategoryProfile/all`` of the categories it sells in, main first.
        let categories: [Int]
        /// Its products in each of ``categories``, in the same order.
        let products: [[String]]

        /// The codes of the categories it sells in, its main category first.
        public var categoryCodes: [String] { categories.map { SyntheticCategoryProfile.all[$0].code } }
    }

    /// A contract planted far above its category's price: what outlier detection should find.
    public struct Outlier: Sendable, Hashable {
        /// The index of the vendor in ``SyntheticRegister/vendors``.
        public let vendorIndex: Int
        public let municipality: Municipality
        public let categoryCode: String
        public let externalReference: String
        /// The annual amount in yen, tax excluded (billed annually).
        public let amount: Int64
        /// The typical annual price of the category for a municipality of this kind.
        public let typicalAmount: Int64
        /// How many tenths of the typical price the amount is: 60 to 100.
        let tenths: Int
        let municipalityIndex: Int
        /// The contract's position among its municipality's contracts, from 1.
        let ordinal: Int

        /// The amount over the typical price, 6.0 to 10.0.
        public var factor: Double { Double(tenths) / 10 }
    }

    /// One contract as planned: its category (an index into the profiles) and vendor (an index
    /// into ``vendors``).
    struct Purchase: Sendable, Hashable {
        var category: Int
        var vendor: Int
    }

    public let options: Options
    /// The municipalities that buy, in code order.
    public let municipalities: [Municipality]
    public let vendors: [Vendor]
    /// For each vendor, how many municipalities it has contracts with.
    public let municipalitiesServed: [Int]
    public let outliers: [Outlier]
    /// For each municipality, its contracts in order (the order of their ids and numbers).
    let purchases: [[Purchase]]
    let calendar: SyntheticCalendar

    /// How steeply popularity falls with rank within a category (the Zipf exponent).
    static let popularityExponent = 1.1
    /// How many of the vendors serving the most municipalities get planted outliers, and how many.
    static let outlierVendors = 10
    static let outliersPerVendor = 2

    /// Plans the register for these municipalities (in code order).
    public init(municipalities: [Municipality], options: Options) throws(SyntheticRegisterError) {
        try options.validate()
        guard !municipalities.isEmpty else { throw .noMunicipalities }
        self.options = options
        self.municipalities = municipalities
        calendar = try SyntheticCalendar(firstFiscalYear: options.firstFiscalYear)
        let vendors = try Self.makeVendors(count: options.vendorCount, seed: options.seed)
        self.vendors = vendors
        var purchases = Self.makePurchases(vendors: vendors, municipalities: municipalities.count, options: options)
        Self.giveOrphansAContract(&purchases, vendors: vendors, seed: options.seed)
        self.purchases = purchases
        let served = Self.countMunicipalitiesServed(purchases, vendorCount: vendors.count)
        municipalitiesServed = served
        outliers = Self.plantOutliers(
            purchases: purchases, largestVendors: Self.largest(Self.outlierVendors, served: served),
            vendors: vendors, municipalities: municipalities, seed: options.seed)
    }

    /// The number of contracts the register holds.
    public var contractCount: Int { municipalities.count * options.contractsPerMunicipality }

    /// The number of alias spellings over all vendors.
    public var aliasCount: Int { vendors.reduce(0) { $0 + $1.aliases.count } }

    /// The indices of the `count` vendors serving the most municipalities, most first (ties: the
    /// lower index first).
    public func largestVendors(_ count: Int) -> [Int] {
        Self.largest(count, served: municipalitiesServed)
    }

    private static func largest(_ count: Int, served: [Int]) -> [Int] {
        Array(served.indices.sorted { (-served[$0], $0) < (-served[$1], $1) }.prefix(count))
    }

    // MARK: Vendors

    /// The vendors, each with a name key no other has. A name whose key is taken is drawn again
    /// (from the same stream, so the retry is as deterministic as the rest).
    private static func makeVendors(count: Int, seed: UInt64) throws(SyntheticRegisterError) -> [Vendor] {
        let profiles = SyntheticCategoryProfile.all
        let categoryWeights = profiles.map(\.weight)
        var random = SyntheticRandom(seed: seed, stream: .vendors)
        let serialOffset = random.int(below: 100_000_000)
        // Every category must have a vendor: the first ones take one each as their main category.
        let firstMainCategories = random.shuffled(Array(profiles.indices))
        var takenKeys = Set<String>()
        var vendors: [Vendor] = []
        vendors.reserveCapacity(count)
        for index in 0..<count {
            let main =
                index < firstMainCategories.count
                ? firstMainCategories[index] : random.index(weightedBy: categoryWeights)
            var categories = [main]
            let additional = random.index(weightedBy: [70, 22, 8])
            while categories.count < 1 + additional {
                let category = random.index(weightedBy: categoryWeights)
                if !categories.contains(category) { categories.append(category) }
            }
            guard let number = SyntheticVendorNames.corporateNumber(index: index, offset: serialOffset, using: &random)
            else {
                throw .invalidOption(
                    "--vendors \(count): vendor \(index + 1) has no twelve-digit corporate number base")
            }
            let named = try name(
                specialistCores: profiles[main].vendorCores, corporateNumber: number, takenKeys: &takenKeys,
                using: &random)
            let brand = random.element(of: productBrands)
            let products = categories.map { category in
                productNames(brand: brand, words: profiles[category].productWords, using: &random)
            }
            vendors.append(
                Vendor(
                    name: named.vendor.name, nameKey: named.vendor.nameKey, kana: named.kana,
                    corporateNumber: number, aliases: named.aliases, categories: categories, products: products))
        }
        return vendors
    }

    /// A registered name whose key is not in `takenKeys` (which it joins), with its alias spellings.
    private static func name(
        specialistCores: [NamePart], corporateNumber: CorporateNumber, takenKeys: inout Set<String>,
        using random: inout SyntheticRandom
    ) throws(SyntheticRegisterError) -> (vendor: NewVendor, kana: String, aliases: [String]) {
        for _ in 0..<1000 {
            let body = SyntheticVendorNames.body(specialistCores: specialistCores, using: &random)
            let form = SyntheticLegalForm.allCases[random.index(weightedBy: [88, 7, 5])]
            let formInFront = random.chance(0.55)
            let name = SyntheticVendorNames.registeredName(
                body, form: form, formInFront: formInFront, fullWidthLatin: random.chance(0.15))
            guard let vendor = try? NewVendor(name: name, corporateNumber: corporateNumber, kana: body.kana),
                let kana = vendor.kana, takenKeys.insert(vendor.nameKey.rawValue).inserted
            else { continue }
            var aliases: [String] = []
            let wanted = random.index(weightedBy: [40, 30, 20, 10])
            // A drawn spelling may repeat the name or another alias; a few tries find new ones.
            for _ in 0..<(wanted * 4) where aliases.count < wanted {
                let spelling = SyntheticVendorNames.alternativeSpelling(
                    body, form: form, formInFront: formInFront, using: &random)
                if spelling != name, !aliases.contains(spelling), (try? VendorNameKey(spelling)) == vendor.nameKey {
                    aliases.append(spelling)
                }
            }
            return (vendor, kana, aliases)
        }
        throw .namesExhausted(takenKeys.count)
    }

    /// Brands vendors give their product lines (`ミライ` in `ミライ予約システム Ver.3`).
    private static let productBrands = [
        "e-", "Smart", "NEXT", "COSMO", "ミライ", "あおば", "ひまわり", "COMPASS", "Hi-", "Neo", "Active", "Open",
        "Bright", "Clear", "Star", "Fine", "Gran", "Total", "i-", "ふるさと", "まちづくり", "Civic", "LINKS", "Wing",
    ]

    /// Editions and versions of a product.
    private static let productEditions = [
        "", " Ver.2", " Ver.3", " Ver.5", " クラウド", " Cloud", " Plus", " Pro", " Lite", " NEXT", " SaaS",
        " for 自治体",
    ]

    /// One to three different product names of a brand in a category.
    private static func productNames(brand: String, words: [String], using random: inout SyntheticRandom) -> [String] {
        let wanted = random.int(in: 1...3)
        var names: [String] = []
        for _ in 0..<(wanted * 4) where names.count < wanted {
            let name = brand + random.element(of: words) + random.element(of: productEditions)
            if !names.contains(name) { names.append(name) }
        }
        return names
    }

    // MARK: Purchases

    /// Each municipality's contracts as (category, vendor) pairs, in the order they are numbered.
    ///
    /// A municipality's contracts fall into categories by the categories' weights. Within a
    /// category it buys from one to three vendors drawn by popularity: the main-category vendors
    /// of the category in a random order, then those selling it on the side, the vendor of rank r
    /// weighing 1/r^1.1. Each chosen vendor gets one contract and the rest go by the same weights,
    /// so the leader of a municipality's category has most of its contracts.
    private static func makePurchases(vendors: [Vendor], municipalities: Int, options: Options) -> [[Purchase]] {
        let profiles = SyntheticCategoryProfile.all
        let categoryWeights = profiles.map(\.weight)
        var random = SyntheticRandom(seed: options.seed, stream: .popularity)
        let rankings = profiles.indices.map { category in
            random.shuffled(vendors.indices.filter { vendors[$0].categories[0] == category })
                + random.shuffled(vendors.indices.filter { vendors[$0].categories.dropFirst().contains(category) })
        }
        let popularity = rankings.map { ranking in
            ranking.indices.map { 1 / pow(Double($0 + 1), popularityExponent) }
        }
        let samplers = popularity.map(CumulativeWeights.init)

        return (0..<municipalities).map { municipality in
            var random = SyntheticRandom(seed: options.seed, stream: .purchases, index: municipality)
            var counts = [Int](repeating: 0, count: profiles.count)
            for _ in 0..<options.contractsPerMunicipality {
                counts[random.index(weightedBy: categoryWeights)] += 1
            }
            var purchases: [Purchase] = []
            purchases.reserveCapacity(options.contractsPerMunicipality)
            for (category, count) in counts.enumerated() where count > 0 {
                let ranking = rankings[category]
                let wanted = min(count, ranking.count, 1 + random.index(weightedBy: [50, 35, 15]))
                var ranks: [Int] = []
                while ranks.count < wanted {
                    let rank = samplers[category].index(using: &random)
                    if !ranks.contains(rank) { ranks.append(rank) }
                }
                let share = CumulativeWeights(ranks.map { popularity[category][$0] })
                for contract in 0..<count {
                    let rank = contract < ranks.count ? ranks[contract] : ranks[share.index(using: &random)]
                    purchases.append(Purchase(category: category, vendor: ranking[rank]))
                }
            }
            return random.shuffled(purchases)
        }
    }

    /// Gives every vendor no municipality chose one contract in its main category, taken from a
    /// vendor that has another contract with the same municipality (so no vendor loses a customer).
    /// Without enough contracts to go round (tiny registers), a vendor may be left with none.
    private static func giveOrphansAContract(_ purchases: inout [[Purchase]], vendors: [Vendor], seed: UInt64) {
        var contracted = [Bool](repeating: false, count: vendors.count)
        for purchase in purchases.joined() { contracted[purchase.vendor] = true }
        var random = SyntheticRandom(seed: seed, stream: .orphans)
        for orphan in vendors.indices where !contracted[orphan] {
            let main = vendors[orphan].categories[0]
            // First look for a contract of the orphan's category, then for any contract.
            attempts: for attempt in 0..<100 {
                let municipality = random.int(below: purchases.count)
                let list = purchases[municipality]
                let start = random.int(below: list.count)
                for step in list.indices {
                    let position = (start + step) % list.count
                    let purchase = list[position]
                    guard attempt >= 50 || purchase.category == main,
                        list.count(where: { $0.vendor == purchase.vendor }) >= 2
                    else { continue }
                    purchases[municipality][position] = Purchase(category: main, vendor: orphan)
                    break attempts
                }
            }
        }
    }

    private static func countMunicipalitiesServed(_ purchases: [[Purchase]], vendorCount: Int) -> [Int] {
        var served = [Int](repeating: 0, count: vendorCount)
        var lastMunicipality = [Int](repeating: -1, count: vendorCount)
        for (municipality, list) in purchases.enumerated() {
            for purchase in list where lastMunicipality[purchase.vendor] != municipality {
                lastMunicipality[purchase.vendor] = municipality
                served[purchase.vendor] += 1
            }
        }
        return served
    }

    // MARK: Outliers

    /// Two contracts of each of the largest vendors, in its main category, in municipalities drawn
    /// among those that buy that category from it, priced 6 to 10 times the typical price.
    private static func plantOutliers(
        purchases: [[Purchase]], largestVendors: [Int], vendors: [Vendor], municipalities: [Municipality],
        seed: UInt64
    ) -> [Outlier] {
        var random = SyntheticRandom(seed: seed, stream: .outliers)
        var outliers: [Outlier] = []
        for vendor in largestVendors {
            let category = vendors[vendor].categories[0]
            let customers = purchases.indices.filter { municipality in
                purchases[municipality].contains(Purchase(category: category, vendor: vendor))
            }
            for municipality in random.shuffled(customers).prefix(Self.outliersPerVendor).sorted() {
                guard
                    let position = purchases[municipality].firstIndex(of: Purchase(category: category, vendor: vendor))
                else { continue }
                let tenths = random.int(in: 60...100)
                let typical = typicalAnnualYen(category: category, municipality: municipalities[municipality])
                outliers.append(
                    Outlier(
                        vendorIndex: vendor, municipality: municipalities[municipality],
                        categoryCode: SyntheticCategoryProfile.all[category].code,
                        externalReference: externalReference(position + 1),
                        amount: rounded(typical * Double(tenths) / 10, to: 1000),
                        typicalAmount: rounded(typical, to: 1000), tenths: tenths,
                        municipalityIndex: municipality, ordinal: position + 1))
            }
        }
        return outliers
    }

    /// A category's median annual price for a municipality, before the lognormal spread.
    static func typicalAnnualYen(category: Int, municipality: Municipality) -> Double {
        SyntheticCategoryProfile.all[category].medianAnnualYen * scale(of: municipality)
    }

    /// How much a municipality of this kind spends on a category, relative to a city: a
    /// designated city (政令指定都市, hundreds of thousands to millions of residents) five times as
    /// much, a Tokyo special ward a little less than a city, a town about a third, a village a fifth.
    ///
    /// Designated cities are not a kind of their own in the registry; they are the cities whose
    /// code's third digit is 1: JIS X 0402 gives them and their wards the range 100–199 of their
    /// prefecture (札幌市 011002, 浜松市 221309), every other city 201 and above.
    static func scale(of municipality: Municipality) -> Double {
        switch municipality.kind {
        case .city: municipality.code.rawValue.dropFirst(2).first == "1" ? 5 : 1
        case .specialWard: 0.9
        case .town: 0.35
        case .village: 0.2
        case .prefecture: 1
        }
    }

    /// The contract number of the municipality's `ordinal`-th contract: `SYN-000123`.
    static func externalReference(_ ordinal: Int) -> String {
        let digits = String(ordinal)
        return "SYN-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// `yen` rounded to a multiple of `unit`, and at least one unit: prices are quoted in round
    /// figures.
    static func rounded(_ yen: Double, to unit: Int64) -> Int64 {
        let units = (min(yen, Double(ContractDraft.maximumAmount)) / Double(unit)).rounded()
        return max(1, Int64(units)) * unit
    }
}

/// Why a synthetic register cannot be generated.
public enum SyntheticRegisterError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidOption(String)
    /// The municipality registry is empty (it is loaded by migration).
    case noMunicipalities
    /// The register already has vendors or contracts, or had them (history, merges): synthetic data
    /// is never mixed with real data.
    case registerNotEmpty(vendors: Int, contracts: Int, historyRows: Int)
    /// No new name key could be found after many tries (far more vendors than name parts allow).
    case namesExhausted(Int)

    public var description: String {
        switch self {
        case .invalidOption(let message): message
        case .noMunicipalities: "the municipality registry is empty: run the migrations first"
        case .registerNotEmpty(let vendors, let contracts, let historyRows):
            "the register is not empty (\(vendors) vendors, \(contracts) contracts, \(historyRows) rows of contract "
                + "history and vendor merges): synthetic data goes only into an empty register, never mixed with "
                + "real data"
        case .namesExhausted(let count): "no new vendor name could be made after \(count) names"
        }
    }
}

import Foundation
import Ledger

extension SyntheticRegister {
    /// A synthetic contract, with the fields the register stores.
    public struct Contract: Sendable, Hashable {
        public let municipalityCode: MunicipalityCode
        /// The index of the vendor in ``SyntheticRegister/vendors``.
        public let vendorIndex: Int
        public let categoryCode: String
        public let title: String
        public let product: String
        /// Yen, per billing basis.
        public let amount: Int64
        public let taxIncluded: Bool
        public let billingBasis: BillingBasis
        public let startDate: BusinessDate
        public let endDate: BusinessDate
        public let contractMethod: ContractMethod
        public let renewalNoticeDate: BusinessDate?
        /// `SYN-000123`: unique within the municipality, numbered in contract order.
        public let externalReference: String
    }

    /// The contracts of the municipality at `index` of ``municipalities``, in order.
    ///
    /// Each contract's price is the category's median, scaled by the municipality's kind
    /// (``scale(of:)``), times e^(σ·Z) for a standard normal Z: a lognormal law, most prices near
    /// the median and a long tail above. That is the annual price, tax excluded; the amount is
    /// stated on the contract's billing basis (a twelfth of it monthly; for a one-time payment, the
    /// price over the term, counted as at least a year), so the register's annualised amount gives
    /// the price back. About 70% of amounts include consumption tax at the rate of the start date.
    /// A term is one to five years, ending in one of the five fiscal years; six in ten contracts
    /// have a renewal notice date, 90 days before the end.
    public func contracts(ofMunicipality index: Int) -> [Contract] {
        let municipality = municipalities[index]
        let profiles = SyntheticCategoryProfile.all
        var random = SyntheticRandom(seed: options.seed, stream: .contracts, index: index)
        let planted = outliers.filter { $0.municipalityIndex == index }
        return purchases[index].enumerated().map { position, purchase in
            let profile = profiles[purchase.category]
            let outlier = planted.first { $0.ordinal == position + 1 }
            let basis = outlier == nil ? Self.bases[random.index(weightedBy: profile.basisWeights)] : .annual
            let years = 1 + random.index(weightedBy: basis == .oneTime ? [85, 10, 5] : [40, 10, 20, 5, 25])
            let endDay = calendar.endDay(using: &random)
            let startDay = calendar.startDay(endingOn: endDay, years: years)
            let startDate = calendar.date(startDay)
            let price =
                Self.typicalAnnualYen(category: purchase.category, municipality: municipality)
                * exp(profile.sigma * random.normal())
            let taxIncluded = outlier == nil && random.chance(0.7)
            let amount: Int64
            switch basis {
            case .annual: amount = outlier?.amount ?? Self.rounded(price, to: 1000)
            case .monthly: amount = Self.rounded(price / 12, to: 100)
            // The term is `years` whole years, which the register annualises by months.
            case .oneTime: amount = Self.rounded(price * Double(years), to: 1000)
            }
            let workIndex = Self.bases.firstIndex(of: basis) ?? 0
            let title = Self.title(
                stem: random.element(of: profile.titleStems),
                work: random.element(of: profile.titleWork[workIndex]),
                startFiscalYear: startDate.fiscalYear, endFiscalYear: calendar.date(endDay).fiscalYear)
            return Contract(
                municipalityCode: municipality.code, vendorIndex: purchase.vendor, categoryCode: profile.code,
                title: title, product: product(of: purchase, municipality: index),
                amount: taxIncluded ? ConsumptionTax.taxIncluded(amount, taxIncluded: false, on: startDate) : amount,
                taxIncluded: taxIncluded, billingBasis: basis, startDate: startDate, endDate: calendar.date(endDay),
                contractMethod: Self.methods[random.index(weightedBy: [30, 18, 45, 7])],
                renewalNoticeDate: random.chance(0.6) ? calendar.date(endDay - 90) : nil,
                externalReference: Self.externalReference(position + 1))
        }
    }

    /// The billing bases in the order of ``SyntheticCategoryProfile/basisWeights``.
    private static let bases: [BillingBasis] = [.annual, .monthly, .oneTime]

    /// Contract methods, weighted 30 : 18 : 45 : 7 — negotiated contracts (随意契約) are the most
    /// common for systems already in place, which only their vendor can maintain.
    private static let methods: [ContractMethod] = [.generalCompetitive, .designatedCompetitive, .negotiated, .other]

    /// The product a municipality buys from a vendor in a category: the same for all of its
    /// contracts with that vendor there, as a municipality runs one product and renews it.
    private func product(of purchase: Purchase, municipality: Int) -> String {
        let vendor = vendors[purchase.vendor]
        let products = vendor.products[vendor.categories.firstIndex(of: purchase.category) ?? 0]
        var random = SyntheticRandom(
            seed: options.seed, stream: .products,
            index: (municipality * vendors.count + purchase.vendor) * SyntheticCategoryProfile.all.count
                + purchase.category)
        return random.element(of: products)
    }

    /// A title as municipalities word them: a one-year contract is headed by its fiscal year
    /// (`令和8年度 施設予約システム保守業務`); a longer one names its fiscal years at the end
    /// (`住民情報システム賃貸借（令和8年度～令和12年度）`).
    private static func title(stem: String, work: String, startFiscalYear: Int, endFiscalYear: Int) -> String {
        let start = SyntheticCalendar.eraName(fiscalYear: startFiscalYear)
        guard endFiscalYear > startFiscalYear else { return "\(start) \(stem)\(work)" }
        return "\(stem)\(work)（\(start)～\(SyntheticCalendar.eraName(fiscalYear: endFiscalYear))）"
    }
}

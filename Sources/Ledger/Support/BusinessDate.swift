import Foundation

/// A calendar date (`YYYY-MM-DD`) without time or zone: contract dates are business dates.
public struct BusinessDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`, as spreadsheets write it); rejects impossible dates.
    public init?(_ text: String) {
        let normalised = text.trimmingWhitespace().replacingOccurrences(of: "/", with: "-")
        let parts = normalised.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day), Self.years.contains(year),
            // A day that exists: the 31st of April or the 29th of February 2023 comes back as another.
            Self.civil(fromDays: Self.daysFromCivil(year: year, month: month, day: day)) == (year, month, day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date already known to exist (computed from another one); no checks.
    init(uncheckedYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The years a date may have.
    static let years = 1900...2200

    /// `YYYY-MM-DD`. Written digit by digit: dates are formatted for every contract of every
    /// report, and `String(format:)` costs more than the rest of a row's encoding.
    public var description: String {
        func digits(_ value: Int, _ count: Int) -> String {
            let text = String(value)
            return text.count >= count ? text : String(repeating: "0", count: count - text.count) + text
        }
        return digits(year, 4) + "-" + digits(month, 2) + "-" + digits(day, 2)
    }

    /// The fiscal year (年度) the date falls in: April to March, so 2022-03-31 is FY2021.
    public var fiscalYear: Int { month >= 4 ? year : year - 1 }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

import Foundation

extension BusinessDate {
    /// The date `days` days after this one (before it when negative).
    public func adding(days: Int) -> BusinessDate {
        Self(daysSinceUnixEpoch: daysSinceUnixEpoch + days)
    }

    /// The number of days from this date to `other`: positive when `other` is later.
    public func days(until other: BusinessDate) -> Int {
        other.daysSinceUnixEpoch - daysSinceUnixEpoch
    }

    /// Today in Japan. Japan Standard Time is UTC+9 all year (no daylight saving), so the date is
    /// the UTC instant shifted by nine hours; a report run at 08:00 JST is already "today" there.
    public static func todayInJapan(now: Date = Date()) -> BusinessDate {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down)) + 9 * 3600
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return BusinessDate(daysSinceUnixEpoch: days)
    }

    var daysSinceUnixEpoch: Int { Self.daysFromCivil(year: year, month: month, day: day) }

    init(daysSinceUnixEpoch days: Int) {
        let (year, month, day) = Self.civil(fromDays: days)
        self.init(uncheckedYear: year, month: month, day: day)
    }
}

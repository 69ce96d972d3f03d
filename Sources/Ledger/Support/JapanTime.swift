import Foundation

/// Japan's clock and calendar as people read them: times in Japan Standard Time (UTC+9, no
/// daylight saving) and fiscal years (年度) in the Japanese era.
public enum JapanTime {
    /// Japan Standard Time: UTC+9 all year.
    public static let zone = TimeZone(secondsFromGMT: 9 * 3600)!

    /// `2026-12-07 17:01 JST`: a moment as a person in Japan reads it, to the minute.
    public static func minute(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return digits(parts.year ?? 0, 4) + "-" + digits(parts.month ?? 0, 2) + "-" + digits(parts.day ?? 0, 2)
            + " " + digits(parts.hour ?? 0, 2) + ":" + digits(parts.minute ?? 0, 2) + " JST"
    }

    /// The fiscal year in the Japanese era: FY2025 is 令和7年度, FY2019 令和元年度 (the fiscal year
    /// that began in 平成31年 April carries the new era's name, as the government renamed it).
    public static func eraFiscalYear(_ year: Int) -> String? {
        let eras: [(name: String, first: Int)] = [("令和", 2019), ("平成", 1989), ("昭和", 1926)]
        guard let era = eras.first(where: { year >= $0.first }) else { return nil }
        let number = year - era.first + 1
        return era.name + (number == 1 ? "元" : String(number)) + "年度"
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }()

    private static func digits(_ value: Int, _ count: Int) -> String {
        let text = String(value)
        return text.count >= count ? text : String(repeating: "0", count: count - text.count) + text
    }
}

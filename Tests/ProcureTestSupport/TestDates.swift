import Foundation
import Ledger

/// Dates relative to today in Japan, for tests whose dates must stay in the future (a case's
/// response deadline) however long after they were written they run.
public enum TestDates {
    /// `YYYY-MM-DD`, `days` after today in Japan.
    public static func fromToday(_ days: Int) -> String {
        BusinessDate.todayInJapan(now: Date().addingTimeInterval(Double(days) * 86_400)).description
    }

    /// The first deadline the case tests set, and the later one they move it to.
    public static let deadline = fromToday(60)
    public static let laterDeadline = fromToday(75)
}

import Testing

@testable import Ledger

@Suite("business dates")
struct BusinessDateTests {
    @Test("days that exist parse; days that do not, and years out of range, do not")
    func parsing() {
        for text in ["2024-02-29", "2000-02-29", "2026-04-30", "1900-01-01", "2200-12-31", "2026/4/1", " 2026-11-26 "] {
            #expect(BusinessDate(text) != nil, "\(text)")
        }
        for text in [
            "2023-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "1899-12-31", "2201-01-01",
            "26-04-01", "2026-4", "",
        ] {
            #expect(BusinessDate(text) == nil, "\(text)")
        }
    }

    @Test("dates print as YYYY-MM-DD with zeros")
    func printing() throws {
        #expect(try #require(BusinessDate("2026/4/1")).description == "2026-04-01")
        #expect(try #require(BusinessDate("1900-12-31")).description == "1900-12-31")
    }

    @Test("day counts and civil dates convert both ways over the whole range")
    func civilRoundTrip() throws {
        let first = BusinessDate.daysFromCivil(year: 1900, month: 1, day: 1)
        let last = BusinessDate.daysFromCivil(year: 2200, month: 12, day: 31)
        #expect(last - first + 1 == 301 * 365 + 73)  // leap days 1904…2196, less 2100
        var previous: (year: Int, month: Int, day: Int)?
        var wrong: [Int] = []
        for days in first...last {
            let date = BusinessDate.civil(fromDays: days)
            let back = BusinessDate.daysFromCivil(year: date.year, month: date.month, day: date.day)
            if back != days
                || previous.map({ ($0.year, $0.month, $0.day) >= (date.year, date.month, date.day) }) == true
            {
                wrong.append(days)
            }
            previous = date
        }
        #expect(wrong.isEmpty)
    }
}

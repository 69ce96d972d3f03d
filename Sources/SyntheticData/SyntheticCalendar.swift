import Ledger

/// The days a synthetic register's contracts may start, end and be noticed on, derived only from the
/// first fiscal year (never from today), so that a seed gives the same dates whenever it is run.
///
/// Contracts end within the five fiscal years from `firstFiscalYear` — FY2026 runs 2026-04-01 to
/// 2027-03-31 — and start up to five years before their end, so the calendar covers the six fiscal
/// years before the first as well. Days are counted as in ``BusinessDate``'s PostgreSQL encoding
/// (days since 1970-01-01), and every ``BusinessDate`` is made once, here, rather than parsed for
/// each of half a million contracts.
struct SyntheticCalendar: Sendable {
    /// How many fiscal years the end dates spread over.
    static let fiscalYears = 5

    let firstFiscalYear: Int
    /// The day number of `dates[0]`.
    private let firstDay: Int
    private let dates: [BusinessDate]

    init(firstFiscalYear: Int) throws(SyntheticRegisterError) {
        self.firstFiscalYear = firstFiscalYear
        firstDay = Self.day(year: firstFiscalYear - 6, month: 4, day: 1)
        let lastDay = Self.day(year: firstFiscalYear + Self.fiscalYears, month: 3, day: 31)
        var dates: [BusinessDate] = []
        dates.reserveCapacity(lastDay - firstDay + 1)
        for day in firstDay...lastDay {
            let (year, month, dayOfMonth) = BusinessDate.civil(fromDays: day)
            guard let date = BusinessDate("\(year)-\(month)-\(dayOfMonth)") else {
                throw .invalidOption("--first-fiscal-year \(firstFiscalYear) gives dates outside 1900–2200")
            }
            dates.append(date)
        }
        self.dates = dates
    }

    /// The date of a day number within the calendar.
    func date(_ day: Int) -> BusinessDate {
        dates[day - firstDay]
    }

    /// An end date: a fiscal year of the five, each equally likely; within it, as municipal
    /// contracts do, mostly the fiscal year's last day (March 31), else the last day of a month,
    /// else any day.
    func endDay(using random: inout SyntheticRandom) -> Int {
        let fiscalYear = firstFiscalYear + random.int(below: Self.fiscalYears)
        switch random.index(weightedBy: [60, 25, 15]) {
        case 0:
            return Self.day(year: fiscalYear + 1, month: 3, day: 31)
        case 1:
            // Months 0…11 of the fiscal year are April … March.
            let month = random.int(below: 12)
            let (year, calendarMonth) = month < 9 ? (fiscalYear, month + 4) : (fiscalYear + 1, month - 8)
            return Self.day(year: year, month: calendarMonth, day: Self.daysIn(year: year, month: calendarMonth))
        default:
            let start = Self.day(year: fiscalYear, month: 4, day: 1)
            let end = Self.day(year: fiscalYear + 1, month: 3, day: 31)
            return start + random.int(below: end - start + 1)
        }
    }

    /// The first day of a term of `years` years that ends on `endDay`: the day after the end,
    /// `years` years earlier (a February 29 that year lacks becomes February 28).
    func startDay(endingOn endDay: Int, years: Int) -> Int {
        let (year, month, day) = BusinessDate.civil(fromDays: endDay + 1)
        let startYear = year - years
        return Self.day(year: startYear, month: month, day: min(day, Self.daysIn(year: startYear, month: month)))
    }

    /// The fiscal year (年度) as municipalities write it, by the era in which it begins: FY2019 and
    /// later are 令和 (FY2019 = 令和元年度, the era having begun in its second month), FY1989 to
    /// FY2018 are 平成 (FY1989 = 平成元年度).
    static func eraName(fiscalYear: Int) -> String {
        let (era, year) = fiscalYear >= 2019 ? ("令和", fiscalYear - 2018) : ("平成", fiscalYear - 1988)
        return era + (year == 1 ? "元" : String(year)) + "年度"
    }

    private static func day(year: Int, month: Int, day: Int) -> Int {
        BusinessDate.daysFromCivil(year: year, month: month, day: day)
    }

    /// Gregorian month lengths: February has 29 days in years divisible by 4, except centuries not
    /// divisible by 400.
    private static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: year.isMultiple(of: 4) && (!year.isMultiple(of: 100) || year.isMultiple(of: 400)) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

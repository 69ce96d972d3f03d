import Foundation

/// How cells' stored values become the text a person sees in Excel, for the import: numbers as
/// Excel shows them (15 significant digits), dates as ISO dates, booleans as `TRUE`/`FALSE`.
enum CellValues {
    /// The zero-based column of a cell reference (`A1` → 0, `AB12` → 27), nil when it has no letters.
    static func column(ofReference reference: Substring.UTF8View) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference {
            let upper = byte & ~0x20
            guard upper >= 0x41 && upper <= 0x5A else { break }
            // Excel's last column is XFD: more than three letters is no reference at all.
            guard letters < 3 else { return nil }
            column = column * 26 + Int(upper - 0x40)
            letters += 1
        }
        return letters == 0 ? nil : column - 1
    }

    /// The column letters of a zero-based column (0 → `A`, 27 → `AB`).
    static func letters(ofColumn column: Int) -> String {
        var number = column + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }

    /// A number cell's text. Excel stores binary doubles and shows at most 15 significant digits,
    /// so `1210000.0000000002` (1,100,000 × 1.1) is the 1,210,000 the person typed or saw.
    static func number(_ stored: String) -> String {
        guard let value = Double(stored), value.isFinite else { return stored }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let shown = String(format: "%.15g", value)
        if let rounded = Double(shown), rounded == rounded.rounded(), abs(rounded) < 1e15 {
            return String(Int64(rounded))
        }
        return shown
    }

    /// A date serial as an ISO date (`45383` → `2024-04-01`), the time of day dropped. In the 1900
    /// date system serial 60 is 29 February 1900, a day that did not exist (Lotus 1-2-3's leap-year
    /// mistake, kept by Excel); serials after it are one day ahead of a true count. Nil for
    /// serials that are not dates (negative, or past 9999-12-31).
    static func date(serial stored: String, dateSystem1904: Bool) -> String? {
        guard let value = Double(stored), value.isFinite, value >= 0, value < 2_958_466 else { return nil }
        let serial = Int(value.rounded(.down))
        let daysSince1970: Int
        if dateSystem1904 {
            daysSince1970 = serial - 24_107  // 1904-01-01 is serial 0
        } else if serial == 60 {
            return "1900-02-29"
        } else if serial < 60 {
            daysSince1970 = serial - 25_568  // 1900-01-01 is serial 1
        } else {
            daysSince1970 = serial - 25_569  // 1970-01-01 is serial 25569
        }
        guard serial <= 2_958_465 else { return nil }
        return isoDate(daysSince1970: daysSince1970)
    }

    /// The civil date of a day count (Howard Hinnant's `civil_from_days`).
    static func isoDate(daysSince1970 days: Int) -> String {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Text as Office stores it, with `_xHHHH_` escapes (a carriage return written `_x000D_`)
    /// decoded; `_x005F_` escapes the underscore itself.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var result = ""
        var rest = text[...]
        while let start = rest.range(of: "_x") {
            result += rest[..<start.lowerBound]
            let after = rest[start.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let code = UInt32(hex, radix: 16),
                let scalar = UnicodeScalar(code)
            {
                result.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                result += "_x"
                rest = after
            }
        }
        return result + rest
    }

    /// Whether a number format shows a date: a built-in date format, or a format code with a
    /// year, day or era in it once quoted text, escapes and `[…]` sections are set aside
    /// (`yyyy/m/d`, `[$-411]ggge"年"m"月"d"日"`). Times alone (`h:mm`) are not dates.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        guard let code else {
            // ECMA-376's built-in dates, with those Excel uses for Japanese (27–31, 34–36, 50–58;
            // 32 and 33 are times).
            return [14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36].contains(id) || (50...58).contains(id)
        }
        var plain = ""
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        for character in code {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\"": inQuotes.toggle()
            case "\\" where !inQuotes: escaped = true
            case "[" where !inQuotes: inBrackets = true
            case "]" where !inQuotes: inBrackets = false
            default: if !inQuotes && !inBrackets { plain.append(character) }
            }
        }
        let lower = plain.lowercased()
        if lower.contains("general") { return false }
        if lower.contains("y") || lower.contains("d") || lower.contains("g") { return true }
        // `e` is the Japanese era year, unless it is a scientific exponent (`0.00E+00`).
        return lower.contains("e") && !lower.contains("e+") && !lower.contains("e-")
    }
}

import PostgresNIO

/// A ``BusinessDate`` goes to and from PostgreSQL as a `date` (binary: days since 2000-01-01).
///
/// Binding a real `date` rather than text cast with `::date` matters beyond tidiness: the text
/// cast depends on the session's DateStyle, so PostgreSQL cannot fold it when planning, and a
/// filter such as `($1::date IS NULL OR end_date < $1::date)` would then never use its index.
extension BusinessDate: PostgresNonThrowingEncodable, PostgresDecodable {
    public static var psqlType: PostgresDataType { .date }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(Int32(Self.daysFromCivil(year: year, month: month, day: day) - Self.postgresEpoch))
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .date else { throw PostgresDecodingError.Code.typeMismatch }
        guard format == .binary, buffer.readableBytes == 4, let days = buffer.readInteger(as: Int32.self) else {
            throw PostgresDecodingError.Code.failure
        }
        let (year, month, day) = Self.civil(fromDays: Int(days) + Self.postgresEpoch)
        // Only the years the parser accepts, so a stored date outside them (PostgreSQL's
        // `infinity`) is an error rather than a value no other code expects.
        guard Self.years.contains(year) else { throw PostgresDecodingError.Code.failure }
        self.init(uncheckedYear: year, month: month, day: day)
    }

    /// 2000-01-01, PostgreSQL's day zero, in days since 1970-01-01.
    private static let postgresEpoch = 10_957

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`): whole
    /// numbers only, independent of time zones and calendars.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of ``daysFromCivil(year:month:day:)`` (H. Hinnant's `civil_from_days`).
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// `date[]` columns (the renewal radar's end dates) decode as `[BusinessDate]`.
extension BusinessDate: PostgresArrayDecodable {}

import Ledger

/// Parsing of the values a request gives as text (ids, codes, dates, `If-Match`) into the
/// Ledger's types; each refusal is a ``RequestError`` that says where the value was.
enum RequestValue {
    /// An opaque id: a positive whole number.
    static func id(
        _ text: String, of kind: RequestError.IDKind, at pointer: String, example: Bool = false
    ) throws(RequestError) -> Int64 {
        guard let id = Int64(text), id > 0 else {
            throw .invalidID(kind, text, at: pointer, example: example)
        }
        return id
    }

    /// The optional id of a query filter; an empty value is no filter.
    static func id(
        filter text: String?, of kind: RequestError.IDKind, at pointer: String
    ) throws(RequestError) -> Int64? {
        guard let text = nonEmpty(text) else { return nil }
        return try id(text, of: kind, at: pointer)
    }

    /// Case ids are opaque strings in the API; the register numbers them.
    static func caseID(_ text: String) throws(RequestError) -> Int64 {
        try id(text, of: .case, at: "/id")
    }

    /// Contract ids are opaque strings in the API; the register numbers them.
    static func contractID(_ text: String) throws(RequestError) -> Int64 {
        try id(text, of: .contract, at: "/id")
    }

    static func municipalityCode(_ text: String, at pointer: String) throws(RequestError) -> MunicipalityCode {
        do {
            return try MunicipalityCode(text)
        } catch {
            throw .invalidMunicipalityCode(error, at: pointer)
        }
    }

    /// The municipality of a query filter; an empty value is no filter.
    static func municipalityCode(filter text: String?, at pointer: String) throws(RequestError) -> MunicipalityCode? {
        guard let text = nonEmpty(text) else { return nil }
        return try municipalityCode(text, at: pointer)
    }

    static func corporateNumber(_ text: String, at pointer: String) throws(RequestError) -> CorporateNumber {
        do {
            return try CorporateNumber(text)
        } catch {
            throw .invalidCorporateNumber(error, at: pointer)
        }
    }

    static func date(_ text: String, at pointer: String) throws(RequestError) -> BusinessDate {
        guard let date = BusinessDate(text) else { throw .invalidDate(text, at: pointer) }
        return date
    }

    /// The date of an optional field or parameter; a present but empty value is not a date.
    static func date(_ text: String?, at pointer: String) throws(RequestError) -> BusinessDate? {
        guard let text else { return nil }
        let parsed: BusinessDate = try date(text, at: pointer)
        return parsed
    }

    /// The version a change is based on, from `If-Match`. Required for contracts and for moving a
    /// case, so that nobody overwrites a change they never saw by leaving the header out.
    static func expectedVersion(_ ifMatch: String?, of resource: RequestError.Versioned) throws(RequestError) -> Int32 {
        guard let ifMatch, !ifMatch.isEmpty else { throw .ifMatchRequired(resource) }
        guard let version = VersionETag.version(ifMatch: ifMatch) else {
            throw .ifMatchNotAVersion(ifMatch, resource)
        }
        return version
    }

    /// The version a change may be based on: nil without `If-Match` (participant changes).
    static func optionalExpectedVersion(
        _ ifMatch: String?, of resource: RequestError.Versioned
    ) throws(RequestError) -> Int32? {
        guard let ifMatch, !ifMatch.isEmpty else { return nil }
        return try expectedVersion(ifMatch, of: resource)
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}

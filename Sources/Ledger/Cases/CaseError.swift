/// Why a case operation was refused. Each case is a client's mistake or a race with another
/// writer, never a server fault; the API turns each into its documented response.
public enum CaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No case has this id.
    case notFound(id: Int64)
    /// The caller may not do this; the detail says who may.
    case forbidden(Bilingual)
    /// The change was based on `expected`, but the case is at `current` now.
    case versionMismatch(id: Int64, expected: Int32, current: Int32)
    /// The case cannot move from `from` to `to`; `allowed` are the moves it can make.
    case invalidTransition(from: CaseStatus, to: CaseStatus, allowed: [CaseStatus])
    /// The action conflicts with where the case or the participant stands.
    case conflict(code: String, Bilingual)
    /// Field values the register refuses, each with the field (an API name) it is about.
    case invalid(code: String, [InvalidCaseField])

    public var description: String { message.english }

    static func invalid(_ code: String, field: String, _ message: Bilingual) -> CaseError {
        .invalid(code: code, [InvalidCaseField(field: field, message: message)])
    }
}

/// One refused value: the field (as the API names it, `baseline/contractId`) and why.
public struct InvalidCaseField: Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let message: Bilingual

    public init(field: String, message: Bilingual) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message.english)" }
}

/// Why a case operation was refused. Each case is a client's mistake or a race with another
/// writer, never a server fault; the API turns each into its documented response.
public enum CaseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No case has this id.
    case notFound(id: Int64)
    /// The caller may not do this; the detail says who may.
    case forbidden(String)
    /// The change was based on `expected`, but the case is at `current` now.
    case versionMismatch(id: Int64, expected: Int32, current: Int32)
    /// The case cannot move from `from` to `to`; `allowed` are the moves it can make.
    case invalidTransition(from: CaseStatus, to: CaseStatus, allowed: [CaseStatus])
    /// The action conflicts with where the case or the participant stands.
    case conflict(code: String, String)
    /// Field values the register refuses, each with the field (an API name) it is about.
    case invalid(code: String, [InvalidCaseField])

    public var description: String {
        switch self {
        case .notFound(let id): "there is no case \(id)"
        case .forbidden(let detail): detail
        case .versionMismatch(let id, let expected, let current):
            "case \(id) is at version \(current), not \(expected): it was changed by someone else since you read it"
        case .invalidTransition(let from, let to, let allowed):
            allowed.isEmpty
                ? "a \(from.rawValue) case cannot move to \(to.rawValue); it can no longer change"
                : "a \(from.rawValue) case cannot move to \(to.rawValue); it can move to "
                    + allowed.map(\.rawValue).joined(separator: ", ")
        case .conflict(_, let detail): detail
        case .invalid(_, let fields): fields.map(\.description).joined(separator: "; ")
        }
    }

    static func invalid(_ code: String, field: String, _ message: String) -> CaseError {
        .invalid(code: code, [InvalidCaseField(field: field, message: message)])
    }
}

/// One refused value: the field (as the API names it, `baseline/contractId`) and why.
public struct InvalidCaseField: Sendable, Hashable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}

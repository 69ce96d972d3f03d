/// A kind of thing municipalities buy (予約システム, 税務システム …), which contracts are filed under so
/// that prices of like things compare across municipalities.
///
/// The built-in taxonomy is seeded by migration; admins add categories. A category's code is its
/// identity in the API and in import files, so it is ASCII and stable; the names are what people read.
public struct Category: Sendable, Hashable {
    public let code: CategoryCode
    public let nameJa: String
    public let nameEn: String
    /// Seeded with the register rather than added by an admin.
    public let builtin: Bool

    public init(code: CategoryCode, nameJa: String, nameEn: String, builtin: Bool) {
        self.code = code
        self.nameJa = nameJa
        self.nameEn = nameEn
        self.builtin = builtin
    }
}

/// A category's code: a lower-case ASCII letter, then 1 to 39 lower-case letters, digits or `_`
/// (`reservation_system`). Codes are typed in CLI options and spreadsheet columns, so they avoid
/// anything a shell or a spreadsheet would mangle; the database checks the same pattern.
public struct CategoryCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts the code as typed, surrounding spaces ignored; upper-case letters are refused rather
    /// than folded, so that a code reads the same everywhere it is written.
    public init(_ text: String) throws(InvalidCategoryCode) {
        let code = text.trimmingWhitespace()
        let scalars = Array(code.unicodeScalars)
        guard (2...40).contains(scalars.count), let first = scalars.first, ("a"..."z").contains(first),
            scalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" })
        else { throw InvalidCategoryCode(input: text) }
        rawValue = code
    }

    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Why a text is not a category code.
public struct InvalidCategoryCode: Error, Sendable, Equatable, CustomStringConvertible {
    public let input: String

    public var description: String { message.english }
}

/// A category to add, validated.
public struct NewCategory: Sendable, Hashable {
    /// The longest name the register keeps (the database checks the same).
    public static let maximumNameLength = 100

    public let code: CategoryCode
    public let nameJa: String
    public let nameEn: String

    /// Trims the names; each must be 1 to 100 characters.
    public init(code: CategoryCode, nameJa: String, nameEn: String) throws(InvalidCategory) {
        var errors: [InvalidCategory.Field] = []
        let nameJa = nameJa.trimmingWhitespace()
        let nameEn = nameEn.trimmingWhitespace()
        for (field, name) in [("nameJa", nameJa), ("nameEn", nameEn)] {
            if name.isEmpty {
                errors.append(
                    .init(field: field, message: LedgerText.categoryNameRequired(japanese: field == "nameJa")))
            } else if name.unicodeScalars.count > Self.maximumNameLength {
                errors.append(.init(field: field, message: LedgerText.atMostCharacters(Self.maximumNameLength)))
            }
        }
        guard errors.isEmpty else { throw InvalidCategory(errors: errors) }
        self.code = code
        self.nameJa = nameJa
        self.nameEn = nameEn
    }
}

/// Why a category's names are invalid: each offending field (named as in the API) and why.
public struct InvalidCategory: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Field: Sendable, Equatable {
        public let field: String
        public let message: Bilingual
    }

    public let errors: [Field]

    public var description: String { errors.map { "\($0.field): \($0.message.english)" }.joined(separator: "; ") }
}

/// Why the category register refuses a request.
public enum CategoryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A category with this code exists already.
    case exists(CategoryCode)

    public var description: String { message.english }
}

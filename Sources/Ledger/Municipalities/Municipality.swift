/// A local government: one of the 47 prefectures or 1,741 municipalities.
public struct Municipality: Sendable, Hashable {
    /// What kind of local government it is, from the official name's suffix.
    public enum Kind: String, Sendable, CaseIterable {
        case prefecture
        case city
        case specialWard = "special_ward"
        case town
        case village
    }

    public let code: MunicipalityCode
    public let prefecture: String
    /// The municipality's own name; on a prefecture's own row, the prefecture's name.
    public let name: String
    /// The reading, full-width katakana.
    public let kana: String
    public let kind: Kind

    public init(code: MunicipalityCode, prefecture: String, name: String, kana: String, kind: Kind) {
        self.code = code
        self.prefecture = prefecture
        self.name = name
        self.kana = kana
        self.kind = kind
    }

    /// `香川県 宇多津町`, or `香川県` for the prefecture itself.
    public var fullName: String { kind == .prefecture ? name : "\(prefecture) \(name)" }
}

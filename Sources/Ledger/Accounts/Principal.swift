/// Who is calling: the account a bearer token belongs to.
///
/// A member acts for one municipality: it reads the whole network's data (sharing is the point)
/// but writes only its own municipality's. An admin is a coordinator of the network.
public struct Principal: Sendable, Hashable {
    public enum Role: Sendable, Hashable {
        case member(MunicipalityCode)
        case admin
    }

    public let tokenID: Int64
    public let name: String
    public let role: Role

    public init(tokenID: Int64, name: String, role: Role) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
    }

    /// The municipality a member acts for; nil for an admin.
    public var municipality: MunicipalityCode? {
        if case .member(let code) = role { return code }
        return nil
    }

    public var isAdmin: Bool { role == .admin }
}

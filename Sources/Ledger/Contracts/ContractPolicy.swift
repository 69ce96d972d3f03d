/// Who may write which contracts.
///
/// Everyone in the network reads every contract: comparing what each municipality pays the same
/// vendor is the point of the register. Writing is narrower. A contract is one municipality's own
/// statement of what it bought and for how much, and only that municipality can vouch for it, so a
/// member records, changes and deletes only its own municipality's contracts, and cannot hand a
/// contract over to another municipality (that would be writing into the other's register).
/// Admins coordinate the network and correct data for anyone, so they may write any contract —
/// but, belonging to no municipality, they must always say whose contract they record.
///
/// The rules are pure decisions on codes; ``ContractRepository`` applies them inside the write's
/// transaction and words the refusal with the municipalities' names.
public enum ContractPolicy {
    /// Why a write is refused, in terms of codes.
    public enum Refusal: Error, Sendable, Hashable {
        /// An admin did not say whose contract it records.
        case municipalityRequired
        /// A member tried to write `owner`'s contract while acting for `caller`.
        case foreignMunicipality(caller: MunicipalityCode, owner: MunicipalityCode)
        /// A member tried to move its contract from `owner` to `target`.
        case move(owner: MunicipalityCode, target: MunicipalityCode)
    }

    /// Whose a new contract is: a member's own municipality (when it names none or its own), or
    /// the one an admin names.
    public static func owner(
        ofNewContractBy principal: Principal, requested: MunicipalityCode?
    ) throws(Refusal) -> MunicipalityCode {
        switch principal.role {
        case .admin:
            guard let requested else { throw .municipalityRequired }
            return requested
        case .member(let own):
            if let requested, requested != own { throw .foreignMunicipality(caller: own, owner: requested) }
            return own
        }
    }

    /// Checks that `principal` may change or delete `owner`'s contract and, for a change, give it
    /// to `target` (the same as `owner` unless the contract moves).
    public static func checkChange(
        by principal: Principal, owner: MunicipalityCode, target: MunicipalityCode? = nil
    ) throws(Refusal) {
        guard case .member(let own) = principal.role else { return }
        guard own == owner else { throw .foreignMunicipality(caller: own, owner: owner) }
        if let target, target != owner { throw .move(owner: owner, target: target) }
    }
}

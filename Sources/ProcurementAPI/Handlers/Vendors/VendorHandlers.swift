import Foundation
import Ledger
import ProcurementClient

extension APIHandler {
    var vendorRegister: VendorRepository { VendorRepository(client: database, logger: requestLogger) }

    /// The longest search text accepted, as documented.
    private static let maximumVendorSearchLength = 200

    func listVendors(_ input: Operations.ListVendors.Input) async throws -> Operations.ListVendors.Output {
        _ = try principal()
        let page = try PageRequest(limit: input.query.limit.map(Int.init), cursor: input.query.cursor)
        let search = input.query.search?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if search.count > Self.maximumVendorSearchLength {
            throw RequestError.searchTooLong(maximum: Self.maximumVendorSearchLength)
        }
        if !search.isEmpty {
            // A search answers with the best matches only; ranked results have no stable keyset to
            // page through.
            let vendors = try await vendorRegister.search(search, limit: page.limit)
            return .ok(.init(body: .json(.init(items: vendors.map(Components.Schemas.Vendor.init)))))
        }
        let result = try await vendorRegister.list(page: page)
        return .ok(
            .init(
                body: .json(
                    .init(items: result.items.map(Components.Schemas.Vendor.init), nextCursor: result.nextCursor))))
    }

    func createVendor(_ input: Operations.CreateVendor.Input) async throws -> Operations.CreateVendor.Output {
        _ = try principal()
        let body =
            switch input.body {
            case .json(let json): json
            }
        var corporateNumber: CorporateNumber?
        if let text = body.corporateNumber, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            corporateNumber = try RequestValue.corporateNumber(text, at: "/corporateNumber")
        }
        let vendor = try NewVendor(name: body.name, corporateNumber: corporateNumber, kana: body.kana)
        do {
            let created = try await vendorRegister.create(vendor, confirmNew: body.confirmNew ?? false)
            return .created(.init(body: .json(.init(created))))
        } catch VendorError.exists(let id, let name) {
            // The register names the vendor it has; the answer names the one asked for as well.
            throw RequestError.vendorExists(requested: vendor.name, existingID: id, name: name)
        }
    }

    func getVendorByCorporateNumber(
        _ input: Operations.GetVendorByCorporateNumber.Input
    ) async throws -> Operations.GetVendorByCorporateNumber.Output {
        _ = try principal()
        let number = try RequestValue.corporateNumber(input.path.number, at: "/number")
        guard let vendor = try await vendorRegister.find(corporateNumber: number) else {
            throw RequestError.vendorNotFound(corporateNumber: number)
        }
        return .ok(.init(body: .json(.init(vendor))))
    }

    func getVendor(_ input: Operations.GetVendor.Input) async throws -> Operations.GetVendor.Output {
        _ = try principal()
        let id = try RequestValue.id(input.path.id, of: .vendor, at: "/id", example: true)
        guard let vendor = try await vendorRegister.find(id: id) else { throw VendorError.notFound(id) }
        return .ok(.init(body: .json(.init(vendor))))
    }

    func mergeVendors(_ input: Operations.MergeVendors.Input) async throws -> Operations.MergeVendors.Output {
        let principal = try principal()
        guard principal.isAdmin else { throw RequestError.adminsOnly(.mergeVendors) }
        let body =
            switch input.body {
            case .json(let json): json
            }
        let winnerID = try RequestValue.id(input.path.id, of: .vendor, at: "/id", example: true)
        let loserID = try RequestValue.id(body.mergeVendorId, of: .vendor, at: "/mergeVendorId", example: true)
        let merge = try await vendorRegister.merge(loserID, into: winnerID, by: principal)
        requestLogger.info(
            "vendors merged",
            metadata: [
                "winner": "\(winnerID)", "loser": "\(loserID)", "contractsMoved": "\(merge.contractsMoved)",
            ])
        return .ok(
            .init(
                body: .json(
                    .init(
                        vendor: .init(merge.vendor), mergedVendorId: String(merge.mergedVendorID),
                        contractsMoved: Int32(clamping: merge.contractsMoved)))))
    }
}

extension Components.Schemas.Vendor {
    init(_ vendor: Vendor) {
        self.init(
            id: String(vendor.id),
            name: vendor.name,
            nameKey: vendor.nameKey.rawValue,
            corporateNumber: vendor.corporateNumber?.rawValue,
            kana: vendor.kana,
            aliases: vendor.aliases,
            createdAt: vendor.createdAt
        )
    }
}

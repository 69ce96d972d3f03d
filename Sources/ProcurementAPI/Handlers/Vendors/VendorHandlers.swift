import Foundation
import Ledger
import ProcurementClient

extension APIHandler {
    private var vendorRegister: VendorRepository { VendorRepository(client: database, logger: requestLogger) }

    /// The longest search text accepted, as documented.
    private static let maximumVendorSearchLength = 200

    func listVendors(_ input: Operations.ListVendors.Input) async throws -> Operations.ListVendors.Output {
        _ = try principal()
        let page: PageRequest
        do {
            page = try PageRequest(limit: input.query.limit.map(Int.init), cursor: input.query.cursor)
        } catch {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        }
        let search = input.query.search?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if search.count > Self.maximumVendorSearchLength {
            let problem = Problem.invalid(
                "invalid_search", "a search text has at most \(Self.maximumVendorSearchLength) characters",
                pointer: "?search")
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        if !search.isEmpty {
            // A search answers with the best matches only; ranked results have no stable keyset to
            // page through.
            let vendors = try await vendorRegister.search(search, limit: page.limit)
            return .ok(.init(body: .json(.init(items: vendors.map(Components.Schemas.Vendor.init)))))
        }
        let result: Page<Vendor>
        do {
            result = try await vendorRegister.list(page: page)
        } catch let error as InvalidPageRequest {
            return .badRequest(.init(body: .applicationProblemJson(error.problem.document)))
        }
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
            do {
                corporateNumber = try CorporateNumber(text)
            } catch {
                let problem = Problem.invalid(
                    "invalid_corporate_number", error.description, pointer: "/corporateNumber")
                return .badRequest(.init(body: .applicationProblemJson(problem.document)))
            }
        }
        let vendor: NewVendor
        do {
            vendor = try NewVendor(name: body.name, corporateNumber: corporateNumber, kana: body.kana)
        } catch {
            let problem =
                switch error {
                case .name(let message): Problem.unprocessableVendor("invalid_vendor_name", message, pointer: "/name")
                case .kana(let message): Problem.unprocessableVendor("invalid_vendor_kana", message, pointer: "/kana")
                }
            return .unprocessableContent(.init(body: .applicationProblemJson(problem.document)))
        }
        do {
            let created = try await vendorRegister.create(vendor)
            return .created(.init(body: .json(.init(created))))
        } catch VendorError.exists(let id, let name) {
            var problem = Problem(
                .conflict, code: "vendor_exists", title: "Vendor exists",
                detail: "vendor \(vendor.name) already exists as #\(id) (\(name))")
            problem.existingID = String(id)
            return .conflict(.init(body: .applicationProblemJson(problem.document)))
        }
    }

    func getVendorByCorporateNumber(
        _ input: Operations.GetVendorByCorporateNumber.Input
    ) async throws -> Operations.GetVendorByCorporateNumber.Output {
        _ = try principal()
        let number: CorporateNumber
        do {
            number = try CorporateNumber(input.path.number)
        } catch {
            let problem = Problem.invalid("invalid_corporate_number", error.description, pointer: "/number")
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        guard let vendor = try await vendorRegister.find(corporateNumber: number) else {
            let problem = Problem(
                .notFound, code: "vendor_not_found", title: "No such vendor",
                detail: "no vendor has corporate number \(number)")
            return .notFound(.init(body: .applicationProblemJson(problem.document)))
        }
        return .ok(.init(body: .json(.init(vendor))))
    }

    func getVendor(_ input: Operations.GetVendor.Input) async throws -> Operations.GetVendor.Output {
        _ = try principal()
        guard let id = Self.vendorID(input.path.id) else {
            let problem = Problem.invalidVendorID(input.path.id, pointer: "/id")
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        guard let vendor = try await vendorRegister.find(id: id) else {
            let problem = Problem.vendorNotFound(id)
            return .notFound(.init(body: .applicationProblemJson(problem.document)))
        }
        return .ok(.init(body: .json(.init(vendor))))
    }

    func mergeVendors(_ input: Operations.MergeVendors.Input) async throws -> Operations.MergeVendors.Output {
        let principal = try principal()
        guard principal.isAdmin else {
            let problem = Problem(
                .forbidden, code: "forbidden", title: "Forbidden",
                detail: "only the network's coordinators (admins) can merge vendors")
            return .forbidden(.init(body: .applicationProblemJson(problem.document)))
        }
        let body =
            switch input.body {
            case .json(let json): json
            }
        guard let winnerID = Self.vendorID(input.path.id) else {
            let problem = Problem.invalidVendorID(input.path.id, pointer: "/id")
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        guard let loserID = Self.vendorID(body.mergeVendorId) else {
            let problem = Problem.invalidVendorID(body.mergeVendorId, pointer: "/mergeVendorId")
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        do {
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
        } catch let error as VendorError {
            switch error {
            case .notFound(let id):
                return .notFound(.init(body: .applicationProblemJson(Problem.vendorNotFound(id).document)))
            case .mergeIntoItself:
                let problem = Problem.unprocessableVendor(
                    "vendor_merge_into_itself", error.description, pointer: "/mergeVendorId")
                return .unprocessableContent(.init(body: .applicationProblemJson(problem.document)))
            case .differentCorporateNumbers:
                let problem = Problem(
                    .conflict, code: "vendor_merge_conflict", title: "Vendors cannot be merged",
                    detail: error.description)
                return .conflict(.init(body: .applicationProblemJson(problem.document)))
            case .exists:
                throw error
            }
        }
    }

    /// A vendor id as the API writes it: a positive decimal integer.
    private static func vendorID(_ text: String) -> Int64? {
        guard let id = Int64(text), id > 0 else { return nil }
        return id
    }
}

extension Problem {
    fileprivate static func invalidVendorID(_ text: String, pointer: String) -> Problem {
        Problem.invalid(
            "invalid_vendor_id", "'\(text)' is not a vendor id (ids are whole numbers, e.g. 12)", pointer: pointer)
    }

    fileprivate static func vendorNotFound(_ id: Int64) -> Problem {
        Problem(.notFound, code: "vendor_not_found", title: "No such vendor", detail: "there is no vendor #\(id)")
    }

    fileprivate static func unprocessableVendor(_ code: String, _ detail: String, pointer: String) -> Problem {
        Problem(
            .unprocessableContent, code: code, title: "Invalid vendor", detail: detail,
            errors: [.init(pointer: pointer, message: detail)])
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

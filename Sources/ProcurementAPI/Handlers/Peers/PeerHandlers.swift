import Ledger
import ProcurementClient

extension APIHandler {
    var peerReports: PeerRepository { PeerRepository(client: database, logger: requestLogger) }

    func listPeers(_ input: Operations.ListPeers.Input) async throws -> Operations.ListPeers.Output {
        let principal = try principal()
        let query = input.query
        let request: PeerQuery
        do {
            request = PeerQuery(
                municipality: try PeerParameters.municipality(query.municipality, for: principal),
                asOf: try PeerParameters.asOf(query.asOf),
                categoryCode: PeerParameters.nonEmpty(query.category),
                prefectureCode: try await prefectureCode(query.prefecture),
                vendorID: try PeerParameters.vendorID(query.vendor),
                peersPerVendor: try PeerParameters.count(
                    query.peersPerVendor, name: "peersPerVendor", default: PeerQuery.defaultPeersPerVendor,
                    range: PeerQuery.peersPerVendorRange))
        } catch let problem as Problem {
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        do {
            return .ok(.init(body: .json(.init(try await peerReports.peers(request)))))
        } catch let error as PeerReportError {
            let problem = PeerParameters.problem(for: error)
            if problem.status == .notFound { return .notFound(.init(body: .applicationProblemJson(problem.document))) }
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
    }

    func getVendorFootprint(
        _ input: Operations.GetVendorFootprint.Input
    ) async throws -> Operations.GetVendorFootprint.Output {
        let principal = try principal()
        let vendorID: Int64
        let asOf: BusinessDate
        do {
            guard let id = Int64(input.path.id), id > 0 else {
                throw Problem.invalid("invalid_vendor_id", "'\(input.path.id)' is not a vendor id", pointer: "/id")
            }
            vendorID = id
            asOf = try PeerParameters.asOf(input.query.asOf)
        } catch let problem as Problem {
            return .badRequest(.init(body: .applicationProblemJson(problem.document)))
        }
        do {
            let footprint = try await peerReports.footprint(
                of: vendorID, asOf: asOf, placing: principal.municipality)
            return .ok(.init(body: .json(.init(footprint))))
        } catch let error as PeerReportError {
            return .notFound(.init(body: .applicationProblemJson(PeerParameters.problem(for: error).document)))
        }
    }

    func listRenewals(_ input: Operations.ListRenewals.Input) async throws -> Operations.ListRenewals.Output {
        let principal = try principal()
        let query = input.query
        let request: RenewalQuery
        do {
            request = RenewalQuery(
                municipality: try PeerParameters.municipality(query.municipality, for: principal),
                asOf: try PeerParameters.asOf(query.asOf),
                withinDays: try PeerParameters.count(
                    query.within, name: "within", default: RenewalQuery.defaultWithinDays,
                    range: RenewalQuery.withinDaysRange),
                peerWindowMonths: try PeerParameters.count(
                    query.peerWindowMonths, name: "peerWindowMonths", default: RenewalQuery.defaultPeerWindowMonths,
                    range: RenewalQuery.peerWindowMonthsRange),
                peersPerContract: try PeerParameters.count(
                    query.peersPerContract, name: "peersPerContract", default: RenewalQuery.defaultPeersPerContract,
                    range: RenewalQuery.peersPerContractRange))
        } catch {
            return .badRequest(.init(body: .applicationProblemJson(error.document)))
        }
        do {
            return .ok(.init(body: .json(.init(try await peerReports.renewals(request)))))
        } catch let error as PeerReportError {
            return .notFound(.init(body: .applicationProblemJson(PeerParameters.problem(for: error).document)))
        }
    }

    /// The two-digit code of the prefecture a filter names, or nil without a filter.
    private func prefectureCode(_ text: String?) async throws -> String? {
        guard let text = PeerParameters.nonEmpty(text) else { return nil }
        guard let code = try await municipalities.prefectureCode(for: text) else {
            throw Problem.invalid(
                "unknown_prefecture", "'\(text)' is not a prefecture (give 香川県, 香川 or 37)", pointer: "?prefecture")
        }
        return code
    }
}

/// The query parameters the peer reports share, and how their refusals read.
enum PeerParameters {
    /// The municipality a report is for: the one named, else the member's own.
    static func municipality(_ text: String?, for principal: Principal) throws(Problem) -> MunicipalityCode {
        if let text = nonEmpty(text) {
            do {
                return try MunicipalityCode(text)
            } catch {
                throw Problem.invalid("invalid_municipality_code", error.description, pointer: "?municipality")
            }
        }
        guard let own = principal.municipality else {
            throw Problem.invalid(
                "municipality_required",
                "an admin token has no municipality of its own: name one (?municipality=CODE; --municipality in procure)",
                pointer: "?municipality")
        }
        return own
    }

    /// The report's day: the one given, else today in Japan. `asOf=` with no value is not a date.
    static func asOf(_ text: String?) throws(Problem) -> BusinessDate {
        guard let text else { return BusinessDate.todayInJapan() }
        guard let date = BusinessDate(text) else {
            throw Problem.invalid("invalid_date", "'\(text)' is not a date (YYYY-MM-DD)", pointer: "?asOf")
        }
        return date
    }

    static func vendorID(_ text: String?) throws(Problem) -> Int64? {
        guard let text = nonEmpty(text) else { return nil }
        guard let id = Int64(text), id > 0 else {
            throw Problem.invalid("invalid_vendor_id", "'\(text)' is not a vendor id", pointer: "?vendor")
        }
        return id
    }

    static func count(
        _ value: Int32?, name: String, default defaultValue: Int, range: ClosedRange<Int>
    ) throws(Problem) -> Int {
        guard let value else { return defaultValue }
        guard range.contains(Int(value)) else {
            throw Problem.invalid(
                "invalid_\(snakeCase(name))",
                "\(name) must be \(range.lowerBound) to \(range.upperBound), not \(value)",
                pointer: "?\(name)")
        }
        return Int(value)
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    static func problem(for error: PeerReportError) -> Problem {
        switch error {
        case .municipalityNotFound(let code):
            Problem(
                .notFound, code: "municipality_not_found", title: "No such municipality",
                detail: "there is no local government with code \(code.rawValue)")
        case .vendorNotFound(let id):
            Problem(.notFound, code: "vendor_not_found", title: "No such vendor", detail: "there is no vendor #\(id)")
        case .unknownCategory(let code):
            Problem.invalid(
                "unknown_category", "'\(code)' is not a category (procure categories list shows them)",
                pointer: "?category")
        }
    }

    /// `peersPerVendor` → `peers_per_vendor`, for problem codes.
    private static func snakeCase(_ name: String) -> String {
        name.reduce(into: "") { result, character in
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
    }
}

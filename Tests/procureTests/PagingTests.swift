import Foundation
import ProcureTestSupport
import Testing

@testable import procure

/// Listings page through the API 500 rows at a time, however long the list is.
@Suite("listings longer than a page")
struct PagingTests {
    /// A list of `count` numbers served the way the API serves it: at most `pageSize` items from
    /// the cursor on, a page size outside 1…500 refused as the API refuses it.
    struct FakeList {
        let count: Int
        var pageSizes: [Int32] = []

        mutating func page(_ pageSize: Int32, _ cursor: String?) throws -> (items: [Int], nextCursor: String?) {
            pageSizes.append(pageSize)
            guard (1...500).contains(pageSize) else {
                throw ProcessFailure("limit must be between 1 and 500, not \(pageSize)")
            }
            let start = cursor.flatMap(Int.init) ?? 0
            let end = min(count, start + Int(pageSize))
            return (Array(start..<end), end < count ? String(end) : nil)
        }
    }

    @Test("without a limit, a list of 1,788 is read whole in full pages of 500")
    func unlimitedListReadsEveryPage() async throws {
        var list = FakeList(count: 1_788)
        let items = try await collectPages { pageSize, cursor in try list.page(pageSize, cursor) }
        #expect(items == Array(0..<1_788))
        #expect(list.pageSizes == [500, 500, 500, 500])
    }

    @Test("with a limit, the last page asks only for what is still missing")
    func limitedListAsksForTheRest() async throws {
        var list = FakeList(count: 1_788)
        let items = try await collectPages(limit: 1_200) { pageSize, cursor in try list.page(pageSize, cursor) }
        #expect(items == Array(0..<1_200))
        #expect(list.pageSizes == [500, 500, 200])
    }

    @Test("a list shorter than its limit ends at its end")
    func shortListEnds() async throws {
        var list = FakeList(count: 3)
        let items = try await collectPages(limit: 10) { pageSize, cursor in try list.page(pageSize, cursor) }
        #expect(items == [0, 1, 2])
        #expect(list.pageSizes == [10])
    }
}

/// The same through the real binary: every municipality and 2,000 contracts, listed without
/// `--limit`.
@Suite("long listings end to end", .serialized)
struct LongListingStoryTests {
    @Test("procure municipalities list and contracts list print every row without --limit")
    func longListings() async throws {
        try await StoryServer.run { served in
            // 20 municipalities × 100 contracts: four pages of the API's 500.
            let generated = try await served.procure.run(
                "admin", "generate", "--municipalities", "20", "--contracts-per-municipality", "100", "--vendors", "30")
            #expect(generated.status == 0, "\(generated.standardError)")
            let member = try await served.client("admin", "token", "create", "--municipality", "373869", "--name", "係")

            let municipalities = try await member.run("municipalities", "list", "--output", "csv")
            #expect(municipalities.status == 0, "\(municipalities.standardError)")
            let municipalityRows = Self.csvRecords(municipalities.standardOutput)
            // 1,741 municipalities and the 47 prefectures, and one header.
            #expect(municipalityRows.count == 1_788 + 1)
            #expect(Set(municipalityRows.dropFirst()).count == 1_788, "no row twice")

            for format in ["csv", "table"] {
                let contracts = try await member.run("contracts", "list", "--output", format)
                #expect(contracts.status == 0, "\(contracts.standardError)")
                let rows = Self.csvRecords(contracts.standardOutput)
                // A header, and for the table its line of dashes.
                #expect(rows.count == 2_000 + (format == "csv" ? 1 : 2), "\(format)")
            }
            let json = try await member.run("contracts", "list", "--output", "json")
            let items = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
            #expect(Set((items ?? []).compactMap { $0["id"] as? String }).count == 2_000)
        }
    }

    /// The non-empty lines of `output` (CSV records here hold no line breaks).
    static func csvRecords(_ output: String) -> [Substring] {
        output.split(whereSeparator: \.isNewline)
    }
}

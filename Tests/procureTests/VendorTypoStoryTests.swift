import Foundation
import ProcureTestSupport
import Testing

/// The typo of issue 18 through the real binary: a vendor name one character off is caught with a
/// suggestion, confirmed as new only on purpose, and a member's proposal to merge the two is
/// decided by an admin.
@Suite("vendor typos end to end", .serialized)
struct VendorTypoStoryTests {
    @Test("a misspelt vendor is caught with a suggestion; a merge is proposed, and an admin accepts it")
    func story() async throws {
        try await StoryServer.run { served in try await Self.story(served) }
    }

    static func story(_ served: StoryServer) async throws {
        let utazu = try await served.client(
            "admin", "token", "create", "--municipality", "373869", "--name", "保健センター")
        let hashima = try await served.client(
            "admin", "token", "create", "--municipality", "212091", "--name", "健幸づくり課")
        let admin = try await served.client("admin", "token", "create", "--admin", "--name", "事務局")
        func add(_ client: ProcureBinary, vendor: String, _ extra: [String] = []) async throws
            -> ProcureBinary.Finished
        {
            try await client.start(
                [
                    "contracts", "add", "--vendor", vendor, "--category", "予約システム", "--title", "ワクチン接種予約システム運用業務",
                    "--amount", "1,100,000円", "--billing", "年額", "--start", "2024-04-01", "--end", "2027-03-31",
                    "--method", "随意契約", "--output", "json",
                ] + extra
            ).finish()
        }
        let first = try await add(utazu, vendor: "株式会社サンプル予約システムズ")
        #expect(first.status == 0, "\(first.standardError)")
        let vendorID = try #require(
            (Self.object(first.standardOutput)?["vendor"] as? [String: Any])?["id"] as? String)

        // 羽島市 mistypes the name: asked, in English and in Japanese, nothing recorded.
        let typo = try await add(hashima, vendor: "株式会社サンプル予約シスムズ")
        #expect(typo.status == 1)
        #expect(
            typo.standardError.contains(
                "did you mean #\(vendorID) 株式会社サンプル予約システムズ? use --vendor-id \(vendorID), or --new-vendor if it is a new vendor"
            ),
            "\(typo.standardError)")
        var japanese = hashima
        japanese.environment["PROCURE_LANG"] = "ja"
        let typoJa = try await add(japanese, vendor: "株式会社サンプル予約シスムズ")
        #expect(
            typoJa.standardError.contains("もしかして #\(vendorID) 株式会社サンプル予約システムズ ですか？"),
            "\(typoJa.standardError)")
        let listed = try await hashima.run("contracts", "list", "--municipality", "212091", "--output", "csv")
        #expect(listed.standardOutput.split(separator: "\r\n").count == 1, "only the heading: \(listed.standardOutput)")

        // Said to be new, it is registered; then 羽島市 finds it was the same company after all.
        let confirmed = try await add(hashima, vendor: "株式会社サンプル予約シスムズ", ["--new-vendor"])
        #expect(confirmed.status == 0, "\(confirmed.standardError)")
        let typoID = try #require(
            (Self.object(confirmed.standardOutput)?["vendor"] as? [String: Any])?["id"] as? String)
        #expect(typoID != vendorID)
        let proposed = try await hashima.run(
            "vendors", "propose-merge", typoID, "--into", vendorID, "--reason", "誤記でした")
        #expect(proposed.status == 0, "\(proposed.standardError)")
        let proposalID = try #require(
            proposed.standardOutput.firstMatch(of: /\(proposal (?<id>\d+)\)/).map { String($0.output.id) },
            "\(proposed.standardOutput)")
        let again = try await utazu.run("vendors", "propose-merge", vendorID, "--into", typoID)
        #expect(again.status == 1 && again.standardError.contains("was proposed already (proposal \(proposalID))"))
        let memberDecides = try await utazu.run("vendors", "accept-merge", proposalID)
        #expect(memberDecides.status == 1 && memberDecides.standardError.contains("only the network's coordinators"))

        let open = try await admin.run("vendors", "proposals")
        #expect(open.standardOutput.contains("#\(typoID) 株式会社サンプル予約シスムズ"), "\(open.standardOutput)")
        let accepted = try await admin.run("vendors", "accept-merge", proposalID)
        #expect(accepted.status == 0, "\(accepted.standardError)")
        #expect(
            accepted.standardOutput.contains("merged vendor #\(typoID) into #\(vendorID); 1 contract moved"),
            "\(accepted.standardOutput)")
        let vendors = try await hashima.run("contracts", "list", "--municipality", "212091", "--output", "json")
        #expect(vendors.standardOutput.contains("\"id\" : \"\(vendorID)\""), "\(vendors.standardOutput)")
        let none = try await admin.run("vendors", "proposals")
        #expect(!none.standardOutput.contains("シスムズ"), "no open proposal left: \(none.standardOutput)")
        let all = try await admin.run("vendors", "proposals", "--status", "all", "--output", "csv")
        #expect(all.standardOutput.contains(",accepted,"), "\(all.standardOutput)")
    }

    static func object(_ json: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    }
}

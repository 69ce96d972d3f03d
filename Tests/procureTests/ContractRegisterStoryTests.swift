import Foundation
import ProcureTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The contract register as two municipalities use it, through the real binary: one registers a
/// vendor, the other imports a CP932 file that spells the vendor differently, neither can change
/// the other's contracts, stale changes are refused, and the history shows every change.
@Suite("contract register end to end", .serialized)
struct ContractRegisterStoryTests {
    /// `予約サイト改修,㈱ＡＢＣシステム,予約システム,"1,980,000",税込,一括,2024/4/1,2025/3/31,随意契約,R6-010`
    /// with CR LF, as Python's `encode('cp932')` writes it (㈱ is NEC special 87 8A).
    static let abcRow: [UInt8] = [
        0x97, 0x5C, 0x96, 0xF1, 0x83, 0x54, 0x83, 0x43, 0x83, 0x67, 0x89, 0xFC, 0x8F, 0x43, 0x2C, 0x87, 0x8A, 0x82,
        0x60, 0x82, 0x61, 0x82, 0x62, 0x83, 0x56, 0x83, 0x58, 0x83, 0x65, 0x83, 0x80, 0x2C, 0x97, 0x5C, 0x96, 0xF1,
        0x83, 0x56, 0x83, 0x58, 0x83, 0x65, 0x83, 0x80, 0x2C, 0x22, 0x31, 0x2C, 0x39, 0x38, 0x30, 0x2C, 0x30, 0x30,
        0x30, 0x22, 0x2C, 0x90, 0xC5, 0x8D, 0x9E, 0x2C, 0x88, 0xEA, 0x8A, 0x87, 0x2C, 0x32, 0x30, 0x32, 0x34, 0x2F,
        0x34, 0x2F, 0x31, 0x2C, 0x32, 0x30, 0x32, 0x35, 0x2F, 0x33, 0x2F, 0x33, 0x31, 0x2C, 0x90, 0x8F, 0x88, 0xD3,
        0x8C, 0x5F, 0x96, 0xF1, 0x2C, 0x52, 0x36, 0x2D, 0x30, 0x31, 0x30, 0x0D, 0x0A,
    ]

    @Test("宇多津町 imports ㈱ＡＢＣシステム as 羽島市's 株式会社ABCシステム; 羽島市 cannot change it; stale is 412")
    func story() async throws {
        try await withTemporaryDataDirectory { directory in
            let procure = try ProcureBinary(environment: ["PROCURE_DATA_DIR": directory.dataDirectory.path])
            let server = try procure.start(["serve", "--port", "0"])
            defer { server.killIfRunning() }
            let log = try await server.waitForStandardError(containing: "listening on")
            let port = try #require(
                log.split(separator: "\n").first { $0.contains("listening on") }?.split(separator: ":").last
                    .flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
            let url = "http://127.0.0.1:\(port)"
            func member(_ code: String, _ name: String) async throws -> (ProcureBinary, String) {
                let token = try await procure.run("admin", "token", "create", "--municipality", code, "--name", name)
                    .standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
                var client = procure
                client.environment["PROCURE_URL"] = url
                client.environment["PROCURE_TOKEN"] = token
                return (client, token)
            }
            let (hashima, _) = try await member("212091", "情報政策課")
            let (utazu, utazuToken) = try await member("373869", "保健センター")

            let registered = try await hashima.run("vendors", "add", "株式会社ABCシステム", "--output", "json")
            #expect(registered.status == 0, "\(registered.standardError)")
            let vendorID = try #require(Self.object(registered.standardOutput)?["id"] as? String)

            // The same file twice: the second import changes nothing.
            let file = try ImportFixtures.file(ImportFixtures.cp932Header + Self.abcRow, name: "契約.csv")
            let first = try await utazu.run("contracts", "import", file.path)
            #expect(first.status == 0, "\(first.standardError)")
            #expect(first.standardOutput.contains("1 created, 0 updated, 0 unchanged, 0 vendors registered"))
            let second = try await utazu.run("contracts", "import", file.path)
            #expect(second.standardOutput.contains("0 created, 0 updated, 1 unchanged, 0 vendors registered"))

            // The command line takes what the file took: yen with 円 and commas, 和暦 dates, Japanese
            // billing and method words, the category by its Japanese name.
            let typed = try await hashima.run(
                "contracts", "add", "--vendor-id", vendorID, "--category", "予約システム", "--title", "予約サイト保守",
                "--amount", "1,200,000円", "--billing", "年額", "--start", "令和8年4月1日", "--end", "R9.3.31",
                "--method", "随意契約", "--output", "json")
            #expect(typed.status == 0, "\(typed.standardError)")
            let typedContract = try #require(Self.object(typed.standardOutput))
            #expect(typedContract["amount"] as? Int == 1_200_000)
            #expect(typedContract["billingBasis"] as? String == "annual")
            #expect(typedContract["startDate"] as? String == "2026-04-01")
            #expect(typedContract["endDate"] as? String == "2027-03-31")
            #expect(typedContract["contractMethod"] as? String == "negotiated")
            #expect(typedContract["categoryCode"] as? String == "reservation_system")
            let typedID = try #require(typedContract["id"] as? String)
            let unknownCategory = try await hashima.run("contracts", "update", typedID, "--category", "予約システムズ")
            #expect(unknownCategory.status != 0)
            #expect(
                unknownCategory.standardError.hasPrefix("error: '予約システムズ' is not a category"),
                "\(unknownCategory.standardError)")
            // On a terminal, delete asks first: "n" keeps the contract. Without one (a script),
            // it does not ask.
            let declined = try Self.onTerminal(hashima, ["contracts", "delete", typedID], answering: "n\n")
            #expect(declined.contains("delete contract \(typedID)? [y/N]"), "\(declined)")
            #expect(declined.contains("error: contract \(typedID) was not deleted"), "\(declined)")
            let kept = try await hashima.run("contracts", "show", typedID)
            #expect(kept.status == 0, "\(kept.standardError)")
            let deleted = try await hashima.run("contracts", "delete", typedID)
            #expect(deleted.status == 0, "\(deleted.standardError)")

            let listed = try await utazu.run("contracts", "list", "--municipality", "373869", "--output", "json")
            let contracts = try #require(Self.array(listed.standardOutput))
            #expect(contracts.count == 1)
            let contract = try #require(contracts.first)
            let contractID = try #require(contract["id"] as? String)
            #expect((contract["vendor"] as? [String: Any])?["id"] as? String == vendorID, "one vendor, two spellings")
            #expect(contract["version"] as? Int == 1, "re-import did not touch it")

            let foreign = try await hashima.run("contracts", "update", contractID, "--amount", "1")
            #expect(foreign.status != 0)
            #expect(foreign.standardError.contains("you can only change 羽島市's contracts"), "\(foreign.standardError)")

            let changed = try await utazu.run("contracts", "update", contractID, "--amount", "1800000")
            #expect(changed.status == 0, "\(changed.standardError)")

            // A change based on version 1, sent after the change above made version 2.
            let stale = try await Self.put(
                "\(url)/contracts/\(contractID)", token: utazuToken, ifMatch: "\"1\"",
                body: [
                    "vendor": ["id": vendorID], "categoryCode": "reservation_system", "title": "予約サイト改修",
                    "amount": 1, "taxIncluded": true, "billingBasis": "one_time", "startDate": "2024-04-01",
                    "endDate": "2025-03-31", "contractMethod": "negotiated", "externalReference": "R6-010",
                ])
            #expect(stale == 412)

            let history = try await utazu.run("contracts", "history", contractID, "--output", "json")
            let entries = try #require(Self.array(history.standardOutput))
            #expect(entries.map { $0["action"] as? String } == ["created", "updated"])
            let amountChange = (entries.last?["changes"] as? [[String: Any]])?.first {
                $0["field"] as? String == "amount"
            }
            #expect(amountChange?["before"] as? String == "1980000")
            #expect(amountChange?["after"] as? String == "1800000")
            #expect(entries.last?["actorName"] as? String == "保健センター")

            server.signal(SIGTERM)
            #expect(await server.finish().status == 0)
        }
    }

    static func object(_ json: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    }

    static func array(_ json: String) -> [[String: Any]]? {
        try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
    }

    /// A raw PUT, for a request the CLI never makes (an If-Match it did not just read).
    static func put(_ url: String, token: String, ifMatch: String, body: [String: Any]) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = "PUT"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue(ifMatch, forHTTPHeaderField: "If-Match")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }

    /// What `procure arguments…` writes when run on a terminal (a pseudo-terminal made by
    /// util-linux's `script`) whose keyboard types `input`.
    static func onTerminal(_ procure: ProcureBinary, _ arguments: [String], answering input: String) throws -> String {
        let command = ([procure.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-q", "-e", "-c", command, "/dev/null"]
        process.environment = procure.environment
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self)
    }
}

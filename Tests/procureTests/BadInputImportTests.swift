import Foundation
import Testing

/// Import files that are not what they claim to be stop `procure contracts import` with one line
/// naming the file and the line, and the register is left as it was, even when earlier chunks
/// were already uploaded.
@Suite("bad import files")
struct BadInputImportTests {
    /// 2,100 valid UTF-8 rows (more than one chunk of 2,000), then `tail`.
    static func utf8File(then tail: [UInt8]) -> [UInt8] {
        var text = ImportFixtures.utf8Header
        for number in 1...2_100 { text += ImportFixtures.utf8Row(number) }
        return Array(text.utf8) + tail
    }

    @Test("mixed encodings, invalid bytes and truncated files import nothing, naming the line")
    func refusedFiles() async throws {
        try await StoryServer.run { served in
            let utazu = try await served.client("admin", "token", "create", "--municipality", "373869", "--name", "財政課")
            let cases: [(name: String, bytes: [UInt8], error: String)] = [
                (
                    "a CP932 row after UTF-8 rows", Self.utf8File(then: ImportFixtures.cp932Row),
                    "line 2102 of contracts.csv is not valid UTF-8 text (byte 0x87)"
                ),
                (
                    "a UTF-8 row after CP932 rows",
                    ImportFixtures.cp932File + Array(ImportFixtures.utf8Row(2).utf8) + [0xFF],
                    "line 3 of contracts.csv is not valid CP932 (Shift_JIS) text"
                ),
                (
                    "a stray 0xFF in UTF-8", Self.utf8File(then: Array("予約,".utf8) + [0xFF, 0x0A]),
                    "line 2102 of contracts.csv is not valid UTF-8 text (byte 0xFF)"
                ),
                (
                    "a file cut in the middle of a character", Self.utf8File(then: Array("予約".utf8.dropLast())),
                    "line 2102 of contracts.csv is not valid UTF-8 text"
                ),
            ]
            for (name, bytes, error) in cases {
                let file = try ImportFixtures.file(bytes)
                let refused = try await utazu.run("contracts", "import", file.path)
                #expect(refused.status != 0, "\(name)")
                #expect(refused.standardOutput.isEmpty, "\(name): \(refused.standardOutput)")
                #expect(refused.standardError.contains(error), "\(name): \(refused.standardError)")
                #expect(!refused.standardError.contains("Fatal error"), "\(name)")
                let listed = try await utazu.run("contracts", "list", "--municipality", "373869", "--output", "json")
                #expect(listed.status == 0, "\(listed.standardError)")
                let page = try JSONSerialization.jsonObject(with: Data(listed.standardOutput.utf8))
                let items = (page as? [String: Any])?["items"] as? [Any] ?? page as? [Any]
                #expect(items?.count == 0, "\(name): \(listed.standardOutput.prefix(300))")
            }
        }
    }
}

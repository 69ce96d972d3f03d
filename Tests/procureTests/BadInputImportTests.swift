import Foundation
import Testing

/// Import files that are not what they claim to be stop `procure contracts import` with one line
/// naming the file and the line, and the register is left as it was, even when earlier chunks
/// were already uploaded.
@Suite("bad import files")
struct BadInputImportTests {
    /// 2,100 valid UTF-8 rows (more than one chunk of 2,000, so one is uploaded before the bad
    /// line is read), then `tail`.
    static func utf8File(then tail: [UInt8]) -> [UInt8] {
        var text = ImportFixtures.utf8Header
        for number in 1...2_100 { text += ImportFixtures.utf8Row(number) }
        return Array(text.utf8) + tail
    }

    @Test("mixed encodings, invalid bytes and truncated files import nothing, naming the line")
    func refusedFiles() async throws {
        try await StoryServer.run { served in
            let utazu = try await served.client("admin", "token", "create", "--municipality", "373869", "--name", "財政課")
            let cases: [(name: String, bytes: [UInt8], encoding: String, error: String)] = [
                (
                    "a CP932 row after UTF-8 rows, detected", Self.utf8File(then: ImportFixtures.cp932Row), "auto",
                    "line 1 of contracts.csv is not valid CP932 (Shift_JIS) text (byte 0x8D); save the file as UTF-8"
                ),
                (
                    "a CP932 row after UTF-8 rows, read as UTF-8", Self.utf8File(then: ImportFixtures.cp932Row),
                    "utf-8", "line 2102 of contracts.csv is not valid UTF-8 text (byte 0x87)"
                ),
                (
                    "a UTF-8 row after CP932 rows",
                    ImportFixtures.cp932File + Array(ImportFixtures.utf8Row(2).utf8) + [0xFF], "auto",
                    "line 3 of contracts.csv is not valid CP932 (Shift_JIS) text"
                ),
                (
                    "a stray 0xFF in UTF-8", Self.utf8File(then: Array("予約,".utf8) + [0xFF, 0x0A]), "utf-8",
                    "line 2102 of contracts.csv is not valid UTF-8 text (byte 0xFF)"
                ),
                (
                    "a file cut in the middle of a character", Self.utf8File(then: Array("予約".utf8.dropLast())),
                    "utf-8", "line 2102 of contracts.csv: the file ends in the middle of a UTF-8 character"
                ),
            ]
            for (name, bytes, encoding, error) in cases {
                let file = try ImportFixtures.file(bytes)
                let refused = try await utazu.run("contracts", "import", file.path, "--encoding", encoding)
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

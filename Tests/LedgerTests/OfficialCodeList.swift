import CSV
import Foundation

/// The project's copy of the official list of local-government codes (data/), as tests read it.
struct OfficialCodeList {
    struct Entry {
        let code: String
        let prefecture: String
        let city: String
        let prefectureKana: String
        let cityKana: String
    }

    let entries: [Entry]

    static func load(filePath: String = #filePath) throws -> OfficialCodeList {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(
            contentsOf: root.appending(path: "data/local-government-codes.csv"), encoding: .utf8)
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        var entries: [Entry] = []
        while let row = reader.next() {
            entries.append(
                Entry(code: row[0], prefecture: row[1], city: row[2], prefectureKana: row[3], cityKana: row[4]))
        }
        return OfficialCodeList(entries: entries)
    }
}

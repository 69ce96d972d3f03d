import Foundation

/// What page of a list a caller asks for: keyset pagination, never OFFSET.
public struct PageRequest: Sendable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public let limit: Int
    public let cursor: String?

    /// Rejects a limit outside 1…500.
    public init(limit: Int?, cursor: String?) throws(InvalidPageRequest) {
        let limit = limit ?? Self.defaultLimit
        guard (1...Self.maximumLimit).contains(limit) else { throw .limit(limit) }
        self.limit = limit
        self.cursor = cursor.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Why a page request is refused.
public enum InvalidPageRequest: Error, Sendable, CustomStringConvertible {
    case limit(Int)
    case cursor

    public var description: String { message.english }
}

/// One page of a list, and the cursor of the next page if there is one.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextCursor: String?

    /// Builds a page from up to `limit + 1` rows: the extra row only tells that there is more.
    init(items rows: [Item], limit: Int, cursor: (Item) -> String) {
        let items = Array(rows.prefix(limit))
        self.items = items
        self.nextCursor = rows.count > limit ? items.last.map(cursor) : nil
    }
}

/// Opaque cursors: the last key of a page, tagged with the list it belongs to, base64url-encoded.
/// They are not secrets; the tag only stops a cursor of one list being used on another.
enum Cursor {
    static func encode(_ key: String, kind: String) -> String {
        Base64URL.encode(Array("\(kind):\(key)".utf8))
    }

    static func decode(_ cursor: String, kind: String) throws(InvalidPageRequest) -> String {
        guard let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8),
            text.hasPrefix("\(kind):")
        else { throw .cursor }
        return String(text.dropFirst(kind.count + 1))
    }
}

import Foundation

/// A contract's or a case's version as an HTTP entity tag: `"3"`. Clients send it back in
/// `If-Match`; a stale one is refused with 412.
enum VersionETag {
    /// The `ETag` header's value as the generated code takes it: the spec declares the header as
    /// JSON, so the string `3` goes on the wire as `"3"`, the quoted tag.
    static func header(_ version: Int32) -> String { String(version) }

    /// The version an `If-Match` value names; nil if it names none (`*`, a list, garbage). A weak
    /// tag (`W/"3"`) is accepted: proxies weaken tags they pass on, and the version is exact anyway.
    static func version(ifMatch value: String) -> Int32? {
        var tag = Substring(value.trimmingCharacters(in: .whitespaces))
        if tag.hasPrefix("W/") { tag = tag.dropFirst(2) }
        guard tag.count >= 3, tag.first == "\"", tag.last == "\"" else { return Int32(tag) }
        return Int32(tag.dropFirst().dropLast())
    }
}

import HTTPTypes
import Hummingbird
import Ledger

/// Refuses, with 400, the request shapes the API document forbids but the generated code would let
/// through:
/// - a query parameter whose percent-encoded bytes are not UTF-8 (`?municipality=%FF`), which the
///   URI parser would drop, answering as if the parameter had not been given, as
///   `invalid_<parameter>`;
/// - a query parameter longer than 200 characters (the document's `maxLength` of every free-text
///   parameter; codes, dates and enums are shorter still), as `invalid_<parameter>` (`invalid_query`
///   for a name that is not an ASCII word);
/// - a JSON body that is not UTF-8 (the decoder would store U+FFFD in place of the bytes) or that
///   has a trailing comma (the decoder is lenient; RFC 8259 is not), as `malformed_json`;
/// - `null` anywhere in a JSON body, as `null_value`: no schema of the document allows null, and
///   the decoder would take an explicit `null` as an absent field, so `{"skipInvalid": null}` would
///   mean something the document does not say.
///
/// And it lets through one shape the generated code would refuse: an optional body left out (no
/// bytes, no `Content-Type`) reaches the handler as the absent body the document allows, where the
/// generated code would try to decode nothing as JSON and answer 400.
///
/// Runs after `BodyLimitMiddleware`, which has collected the body.
struct StrictInputMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maximumQueryValueLength: Int { 200 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if let query = request.uri.query, let name = Self.firstNonUTF8Parameter(query) {
            throw Problem(
                .badRequest, code: Self.code(name), title: APIText.invalidRequest, detail: APIText.queryNotUTF8(name),
                errors: [.init(pointer: "?\(name)", message: APIText.notUTF8)])
        }
        for (name, value) in request.uri.queryParameters where value.count > Self.maximumQueryValueLength {
            let code = Self.code(String(name))
            throw Problem(
                .badRequest, code: code, title: APIText.invalidRequest,
                detail: APIText.queryTooLong(String(name), maximum: Self.maximumQueryValueLength),
                errors: [.init(pointer: "?\(name)", message: APIText.longerThan(Self.maximumQueryValueLength))])
        }
        var request = request
        if request.headers[.contentType] == nil, Self.hasOptionalBody(request.method, request.uri.path) {
            let body = try await request.body.collect(upTo: .max)
            request.body = RequestBody(buffer: body)
            if body.readableBytes == 0 {
                // `{}`: every optional body's fields are optional, so it decodes as "nothing given".
                var head = request.head
                head.headerFields[.contentType] = "application/json"
                request = Request(head: head, body: RequestBody(buffer: ByteBuffer(string: "{}")))
            }
        }
        if request.headers[.contentType]?.lowercased().contains("json") == true {
            let body = try await request.body.collect(upTo: .max)
            request.body = RequestBody(buffer: body)
            if String(validating: body.readableBytesView, as: UTF8.self) == nil {
                throw Problem(
                    .badRequest, code: "malformed_json", title: APIText.malformedJSON, detail: APIText.bodyNotUTF8)
            }
            switch Self.scan(body.readableBytesView) {
            case .null:
                throw Problem(.badRequest, code: "null_value", title: APIText.invalidBody, detail: APIText.nullValue)
            case .trailingComma:
                throw Problem(
                    .badRequest, code: "malformed_json", title: APIText.malformedJSON, detail: APIText.trailingComma)
            case nil: break
            }
        }
        return try await next(request, context)
    }

    /// The operations whose request body the API document makes optional (`required: false`): the
    /// method and the path template (a `{…}` segment matches any one segment).
    static var optionalBodies: [(method: HTTPRequest.Method, path: String)] { optionalBodyOperations }

    private static func hasOptionalBody(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        guard optionalBodyOperations.contains(where: { $0.method == method }) else { return false }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return optionalBodies.contains { operation in
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            return operation.method == method && template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// `invalid_<name>`: the API's parameter names are ASCII words; the code of any other name stays
    /// fixed (`invalid_query`).
    private static func code(_ name: String) -> String {
        !name.isEmpty && name.allSatisfy { $0.isASCII && $0.isLetter } ? "invalid_\(name)" : "invalid_query"
    }

    /// The name of the first parameter of the raw (percent-encoded) `query` whose name or value is
    /// not UTF-8 once decoded; the name as far as it decodes (`query` when it does not).
    static func firstNonUTF8Parameter(_ query: String) -> String? {
        // Without a `%`, the query is the URI's own text, which is UTF-8.
        guard query.utf8.contains(UInt8(ascii: "%")) else { return nil }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decoded = parts.map { String(validating: percentDecoded($0.utf8), as: UTF8.self) }
            if decoded.contains(where: { $0 == nil }) { return decoded[0] ?? "query" }
        }
        return nil
    }

    /// The bytes `%XX` and `+` stand for; a `%` not followed by two hex digits is kept as it is.
    private static func percentDecoded(_ bytes: Substring.UTF8View) -> [UInt8] {
        var result: [UInt8] = []
        var index = bytes.startIndex
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"),
                let first = bytes.index(index, offsetBy: 1, limitedBy: bytes.endIndex), first != bytes.endIndex,
                let second = bytes.index(first, offsetBy: 1, limitedBy: bytes.endIndex), second != bytes.endIndex,
                let high = hex(bytes[first]), let low = hex(bytes[second])
            {
                result.append(high << 4 | low)
                index = bytes.index(after: second)
                continue
            }
            result.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            index = bytes.index(after: index)
        }
        return result
    }

    enum Finding { case null, trailingComma }

    /// The first `null` or trailing comma outside the strings of `json` (one pass over the bytes,
    /// no parsing: other malformations are the decoder's to report).
    static func scan(_ json: some RandomAccessCollection<UInt8>) -> Finding? {
        var inString = false
        var escaped = false
        var afterComma = false
        var index = json.startIndex
        while index != json.endIndex {
            let byte = json[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                    index = json.index(after: index)
                    continue
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if afterComma { return .trailingComma }
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "n"):
                    if json[index...].starts(with: "null".utf8) { return .null }
                default: break
                }
                afterComma = byte == UInt8(ascii: ",")
            }
            index = json.index(after: index)
        }
        return nil
    }
}

/// ``StrictInputMiddleware/optionalBodies``, made once (a generic type has no stored statics).
private let optionalBodyOperations: [(method: HTTPRequest.Method, path: String)] = [
    (.post, "/cases/{id}/participants/{code}/{action}")
]

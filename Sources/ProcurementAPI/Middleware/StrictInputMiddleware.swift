import HTTPTypes
import Hummingbird
import Ledger

/// Refuses, with 400, the request shapes the API document forbids but the generated code would let
/// through:
/// - a query parameter longer than 200 characters (the document's `maxLength` of every free-text
///   parameter; codes, dates and enums are shorter still), as `invalid_<parameter>` (`invalid_query`
///   for a name that is not an ASCII word);
/// - a JSON body that is not UTF-8 (the decoder would store U+FFFD in place of the bytes) or that
///   has a trailing comma (the decoder is lenient; RFC 8259 is not), as `malformed_json`;
/// - `null` anywhere in a JSON body, as `null_value`: no schema of the document allows null, and
///   the decoder would take an explicit `null` as an absent field, so `{"skipInvalid": null}` would
///   mean something the document does not say.
///
/// Runs after `BodyLimitMiddleware`, which has collected the body.
struct StrictInputMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maximumQueryValueLength: Int { 200 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        for (name, value) in request.uri.queryParameters where value.count > Self.maximumQueryValueLength {
            // The API's parameter names are ASCII words; the code of any other name stays fixed.
            let code = name.allSatisfy { $0.isASCII && $0.isLetter } ? "invalid_\(name)" : "invalid_query"
            throw Problem(
                .badRequest, code: code, title: APIText.invalidRequest,
                detail: APIText.queryTooLong(String(name), maximum: Self.maximumQueryValueLength),
                errors: [.init(pointer: "?\(name)", message: APIText.longerThan(Self.maximumQueryValueLength))])
        }
        var request = request
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

import HTTPTypes
import Hummingbird

/// Refuses, with 400, the request shapes the API document forbids but the generated code would let
/// through: a query parameter longer than 200 characters (the document's `maxLength` of every free
/// text parameter; codes, dates and enums are shorter still) and `null` anywhere in a JSON body (no
/// schema of the document allows null; the decoder would take an explicit `null` as an absent
/// field, so `{"skipInvalid": null}` would mean something the document does not say).
///
/// Runs after `BodyLimitMiddleware`, which has collected the body.
struct StrictInputMiddleware<Context: RequestContext>: RouterMiddleware {
    static var maximumQueryValueLength: Int { 200 }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        for (name, value) in request.uri.queryParameters where value.count > Self.maximumQueryValueLength {
            throw Problem(
                .badRequest, code: "query_too_long", title: "Invalid request",
                detail: "?\(name) is longer than \(Self.maximumQueryValueLength) characters",
                errors: [.init(pointer: "?\(name)", message: "longer than \(Self.maximumQueryValueLength) characters")])
        }
        var request = request
        if request.headers[.contentType]?.lowercased().contains("json") == true {
            let body = try await request.body.collect(upTo: .max)
            request.body = RequestBody(buffer: body)
            if Self.containsNull(body.readableBytesView) {
                throw Problem(
                    .badRequest, code: "null_value", title: "Invalid request body",
                    detail: "null is not a value of any field; leave the field out instead")
            }
        }
        return try await next(request, context)
    }

    /// Whether `json` has the literal `null` outside its strings (one pass over the bytes, no
    /// parsing: malformed JSON is the decoder's to report).
    static func containsNull(_ json: some RandomAccessCollection<UInt8>) -> Bool {
        var inString = false
        var escaped = false
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
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "n"), json[index...].starts(with: "null".utf8) {
                return true
            }
            index = json.index(after: index)
        }
        return false
    }
}

// How long Foundation's JSONEncoder takes to encode a peers report (GET /peers), against a
// hand-written writer of the same bytes: the figure behind the proposal in docs/performance.md
// ("What would change them") to encode the report answers outside the generated handlers.
//
//   bench/peers/run --keep                     # leaves /tmp/procure-bench-peers.*/peers.json
//   swift run -c release --package-path bench/encoding encoding /tmp/procure-bench-peers.*/peers.json
//
// The structs mirror the PeerReport schema of Sources/ProcurementAPI/openapi.yaml (the generated
// types are internal to ProcurementAPI); the answer is decoded into them, then encoded both ways
// 200 times, best of 5. It checks that both encodings are the same bytes.
import Foundation

struct Municipality: Codable {
    var code: String
    var name: String
    var prefecture: String
}
struct Vendor: Codable {
    var corporateNumber: String?
    var id: String
    var name: String
}
struct OwnContract: Codable {
    var annualAmount: Int64
    var categoryCode: String
    var endDate: String
    var id: String
    var product: String?
    var renewalNoticeDate: String?
    var startDate: String
    var taxIncluded: Bool
    var taxIncludedAnnualAmount: Int64
    var title: String
}
struct Comparison: Codable {
    var basis: String
    var differencePercent: Double?
    var differenceYen: Int64
    var ownAnnualAmount: Int64
    var peerAnnualAmount: Int64
}
struct Peer: Codable {
    var annualAmount: Int64
    var categories: [String]
    var comparison: Comparison?
    var contractCount: Int32
    var earliestEndDate: String
    var match: String
    var municipality: Municipality
    var products: [String]
}
struct PeerVendor: Codable {
    var ownAnnualAmount: Int64
    var ownContracts: [OwnContract]
    var peerCount: Int32
    var peers: [Peer]
    var vendor: Vendor
}
struct PeerReport: Codable {
    var asOf: String
    var municipality: Municipality
    var vendors: [PeerVendor]
}

// A hand-written writer: keys in sorted order, as the encoder's .sortedKeys writes them.
struct Writer {
    var bytes: [UInt8] = []
    init() { bytes.reserveCapacity(160_000) }
    mutating func raw(_ s: StaticString) { s.withUTF8Buffer { bytes.append(contentsOf: $0) } }
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case UInt8(ascii: "/"): raw("\\/")  // as Foundation does without .withoutEscapingSlashes
            case UInt8(ascii: "\n"): raw("\\n")
            case UInt8(ascii: "\r"): raw("\\r")
            case UInt8(ascii: "\t"): raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                raw("\\u00")
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
    mutating func int(_ v: Int64) { bytes.append(contentsOf: String(v).utf8) }
    /// As Foundation writes a Double: an integral value without a fraction.
    mutating func double(_ v: Double) {
        if v == v.rounded(), abs(v) < 1e15 { int(Int64(v)) } else { bytes.append(contentsOf: "\(v)".utf8) }
    }
    mutating func bool(_ v: Bool) { if v { raw("true") } else { raw("false") } }
    mutating func municipality(_ m: Municipality) {
        raw("{\"code\":")
        string(m.code)
        raw(",\"name\":")
        string(m.name)
        raw(",\"prefecture\":")
        string(m.prefecture)
        raw("}")
    }
    mutating func report(_ r: PeerReport) {
        raw("{\"asOf\":")
        string(r.asOf)
        raw(",\"municipality\":")
        municipality(r.municipality)
        raw(",\"vendors\":[")
        for (i, v) in r.vendors.enumerated() {
            if i > 0 { raw(",") }
            raw("{\"ownAnnualAmount\":")
            int(v.ownAnnualAmount)
            raw(",\"ownContracts\":[")
            for (j, c) in v.ownContracts.enumerated() {
                if j > 0 { raw(",") }
                raw("{\"annualAmount\":")
                int(c.annualAmount)
                raw(",\"categoryCode\":")
                string(c.categoryCode)
                raw(",\"endDate\":")
                string(c.endDate)
                raw(",\"id\":")
                string(c.id)
                if let p = c.product {
                    raw(",\"product\":")
                    string(p)
                }
                if let d = c.renewalNoticeDate {
                    raw(",\"renewalNoticeDate\":")
                    string(d)
                }
                raw(",\"startDate\":")
                string(c.startDate)
                raw(",\"taxIncluded\":")
                bool(c.taxIncluded)
                raw(",\"taxIncludedAnnualAmount\":")
                int(c.taxIncludedAnnualAmount)
                raw(",\"title\":")
                string(c.title)
                raw("}")
            }
            raw("],\"peerCount\":")
            int(Int64(v.peerCount))
            raw(",\"peers\":[")
            for (j, p) in v.peers.enumerated() {
                if j > 0 { raw(",") }
                raw("{\"annualAmount\":")
                int(p.annualAmount)
                raw(",\"categories\":[")
                for (k, c) in p.categories.enumerated() {
                    if k > 0 { raw(",") }
                    string(c)
                }
                raw("]")
                if let c = p.comparison {
                    raw(",\"comparison\":{\"basis\":")
                    string(c.basis)
                    if let d = c.differencePercent {
                        raw(",\"differencePercent\":")
                        double(d)
                    }
                    raw(",\"differenceYen\":")
                    int(c.differenceYen)
                    raw(",\"ownAnnualAmount\":")
                    int(c.ownAnnualAmount)
                    raw(",\"peerAnnualAmount\":")
                    int(c.peerAnnualAmount)
                    raw("}")
                }
                raw(",\"contractCount\":")
                int(Int64(p.contractCount))
                raw(",\"earliestEndDate\":")
                string(p.earliestEndDate)
                raw(",\"match\":")
                string(p.match)
                raw(",\"municipality\":")
                municipality(p.municipality)
                raw(",\"products\":[")
                for (k, c) in p.products.enumerated() {
                    if k > 0 { raw(",") }
                    string(c)
                }
                raw("]}")
            }
            raw("],\"vendor\":{")
            if let n = v.vendor.corporateNumber {
                raw("\"corporateNumber\":")
                string(n)
                raw(",")
            }
            raw("\"id\":")
            string(v.vendor.id)
            raw(",\"name\":")
            string(v.vendor.name)
            raw("}}")
        }
        raw("]}")
    }
}

let input = try Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1]))
let report = try JSONDecoder().decode(PeerReport.self, from: input)
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]  // as the server's Configuration(jsonEncodingOptions: [.sortedKeys])
let foundation = try encoder.encode(report)
var w = Writer()
w.report(report)
print(
    "Foundation: \(foundation.count) B, hand-written: \(w.bytes.count) B, the same bytes: \(Data(w.bytes) == foundation)"
)
guard Data(w.bytes) == foundation else { fatalError("the two encodings differ") }
func time(_ label: String, _ n: Int, _ body: () throws -> Int) rethrows {
    var best = Double.infinity
    var sink = 0
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<n { sink &+= try body() }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / Double(n) / 1e6)
    }
    precondition(sink > 0)
    print("\(label): \(String(format: "%.3f", best)) ms per answer (best of 5 × \(n))")
}
try time("Foundation JSONEncoder, sortedKeys", 200) { try encoder.encode(report).count }
time("hand-written", 200) {
    var w = Writer()
    w.report(report)
    return w.bytes.count
}

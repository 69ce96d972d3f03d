import NIOCore

/// PostgreSQL's COPY text format, for the bulk loads that go through `copyFrom` (contract import
/// staging, the synthetic register).
public enum CopyText {
    /// Writes one field: `\N` for NULL; backslash, tab, newline and carriage return escaped, so a
    /// value that contains one cannot shift the columns.
    public static func writeField(_ field: String?, into buffer: inout ByteBuffer) {
        guard let field else {
            buffer.writeStaticString("\\N")
            return
        }
        // Most fields need no escaping: write them whole.
        guard field.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
            buffer.writeString(field)
            return
        }
        for byte in field.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }
}

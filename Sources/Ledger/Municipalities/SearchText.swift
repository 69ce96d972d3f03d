import Foundation

/// Normalises what a person types to search Japanese names and readings.
///
/// NFKC turns half-width katakana (ｳﾀﾂﾞ) and full-width Latin letters and digits into their usual
/// forms; hiragana is then folded to katakana, because readings are stored in katakana: `うたづ`,
/// `ウタヅ` and `ｳﾀﾂﾞ` all become `ウタヅ`.
public enum SearchText {
    public static func normalise(_ text: String) -> String {
        // NFKC, then NFC again: Foundation on Linux leaves ﾂﾞ as ツ + U+3099 after NFKC, and the
        // database compares code points, not canonical equivalence as Swift's == does.
        let compatible = text.precomposedStringWithCompatibilityMapping.precomposedStringWithCanonicalMapping
            .trimmingWhitespace()
        var scalars = String.UnicodeScalarView()
        for scalar in compatible.unicodeScalars {
            // Hiragana ぁ (U+3041) … ゖ (U+3096) and ゝゞ sit 0x60 below their katakana.
            if (0x3041...0x3096).contains(scalar.value) || (0x309D...0x309E).contains(scalar.value),
                let katakana = Unicode.Scalar(scalar.value + 0x60)
            {
                scalars.append(katakana)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).lowercased().precomposedStringWithCanonicalMapping
    }
}

/// An amount in yen as people read it in a ledger: `¥1,234,000`, `-¥1,234`.
///
/// Built by hand rather than with a `NumberFormatter` so the output never depends on the
/// machine's locale (a server in a `de_DE` locale would print `1.234.000`), and so `Int64.min`
/// formats without overflow.
public func formatYen(_ amount: Int64) -> String {
    let sign = amount < 0 ? "-" : ""
    return sign + "¥" + groupingThousands(amount.magnitude)
}

/// An integer with thousands separators (`12,345`), independent of the locale.
public func formatCount(_ count: some BinaryInteger) -> String {
    let sign = count < 0 ? "-" : ""
    return sign + groupingThousands(count.magnitude)
}

/// The decimal digits of `magnitude` with a comma before every group of three from the right.
private func groupingThousands(_ magnitude: some BinaryInteger) -> String {
    let digits = String(magnitude)
    var grouped = ""
    grouped.reserveCapacity(digits.count + digits.count / 3)
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 {
            grouped.append(",")
        }
        grouped.append(digit)
    }
    return grouped
}

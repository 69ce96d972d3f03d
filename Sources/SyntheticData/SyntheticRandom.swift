import Foundation
import Ledger

/// The seedable pseudo-random numbers of the synthetic register: xoshiro256** (Blackman and Vigna),
/// its state filled by SplitMix64 from a seed and a stream number.
///
/// Everything random in the register comes from here, never from `SystemRandomNumberGenerator`, and
/// the conversions to ranges, doubles and shuffles are written out rather than taken from the
/// standard library (`Int.random(in:using:)`, `shuffle(using:)`), whose algorithms a toolchain may
/// change: the same seed must give the same register byte for byte. Independent parts of the
/// register (the vendors, each municipality's purchases, each municipality's contracts) draw from
/// streams of their own, so that changing how one part draws leaves the others as they were.
struct SyntheticRandom {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// The generator for stream `stream`, item `index` of the seed `seed`.
    init(seed: UInt64, stream: Stream, index: Int = 0) {
        var mixer = SplitMix64(
            state: seed ^ (stream.rawValue &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// The parts of the register that draw from streams of their own.
    enum Stream: UInt64 {
        case vendors = 1
        case popularity = 2
        case purchases = 3
        case orphans = 4
        case outliers = 5
        case contracts = 6
        case products = 7
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-and-reject, without bias).
    mutating func int(below bound: Int) -> Int {
        precondition(bound > 0, "an empty range has no random element")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// A uniform integer in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.count)
    }

    /// A uniform double in [0, 1), from the top 53 bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A standard normal deviate (Box–Muller; one of the pair is enough here).
    mutating func normal() -> Double {
        // 1 − unit() is in (0, 1], so the logarithm is finite.
        let radius = (-2 * log(1 - unit())).squareRoot()
        return radius * cos(2 * Double.pi * unit())
    }

    /// An index of `weights`, each chosen in proportion to its weight.
    mutating func index(weightedBy weights: [Int]) -> Int {
        let total = weights.reduce(0, +)
        var remaining = int(below: total)
        for (index, weight) in weights.enumerated() {
            if remaining < weight { return index }
            remaining -= weight
        }
        return weights.count - 1
    }

    /// An element of `elements`, all equally likely.
    mutating func element<Element>(of elements: [Element]) -> Element {
        elements[int(below: elements.count)]
    }

    /// `elements` in a random order (Fisher–Yates).
    mutating func shuffled<Element>(_ elements: [Element]) -> [Element] {
        var result = elements
        var index = result.count - 1
        while index > 0 {
            result.swapAt(index, int(below: index + 1))
            index -= 1
        }
        return result
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}

/// SplitMix64 (Steele, Lea and Flood), which spreads a seed over xoshiro's four words: xoshiro
/// must not start from a state of nearby values, let alone all zeros.
private struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Sampling in proportion to fixed weights by binary search over their running sums: what a
/// category's popularity law needs, drawn thousands of times over hundreds of vendors.
struct CumulativeWeights {
    private let sums: [Double]

    init(_ weights: [Double]) {
        var total = 0.0
        sums = weights.map { weight in
            total += weight
            return total
        }
    }

    /// An index, each chosen in proportion to its weight.
    func index(using random: inout SyntheticRandom) -> Int {
        guard let total = sums.last else { return 0 }
        let target = random.unit() * total
        var low = 0
        var high = sums.count - 1
        while low < high {
            let middle = (low + high) / 2
            if sums[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

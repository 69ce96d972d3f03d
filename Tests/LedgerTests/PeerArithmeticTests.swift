import Testing

@testable import Ledger

private func date(_ text: String) throws -> BusinessDate {
    try #require(BusinessDate(text))
}

@Suite("consumption tax by start date")
struct ConsumptionTaxTests {
    @Test("the rate changes on the first day of each new rate, not the day before")
    func rateBoundaries() throws {
        #expect(ConsumptionTax.rate(on: try date("1989-03-31")) == TaxRate(percent: 0))
        #expect(ConsumptionTax.rate(on: try date("1989-04-01")) == TaxRate(percent: 3))
        #expect(ConsumptionTax.rate(on: try date("1997-03-31")) == TaxRate(percent: 3))
        #expect(ConsumptionTax.rate(on: try date("1997-04-01")) == TaxRate(percent: 5))
        #expect(ConsumptionTax.rate(on: try date("2014-03-31")) == TaxRate(percent: 5))
        #expect(ConsumptionTax.rate(on: try date("2014-04-01")) == TaxRate(percent: 8))
        #expect(ConsumptionTax.rate(on: try date("2019-09-30")) == TaxRate(percent: 8))
        #expect(ConsumptionTax.rate(on: try date("2019-10-01")) == TaxRate(percent: 10))
        #expect(ConsumptionTax.rate(on: try date("2030-01-01")) == TaxRate(percent: 10))
    }

    @Test("a tax-excluded amount starting 2019-09-30 gets 8%, one starting 2019-10-01 gets 10%")
    func boundary2019() throws {
        // 10,000 × 8/100 = 800 → 10,800; 10,000 × 10/100 = 1,000 → 11,000
        #expect(ConsumptionTax.taxIncluded(10_000, taxIncluded: false, on: try date("2019-09-30")) == 10_800)
        #expect(ConsumptionTax.taxIncluded(10_000, taxIncluded: false, on: try date("2019-10-01")) == 11_000)
    }

    @Test("a tax-excluded amount starting 2014-03-31 gets 5%, one starting 2014-04-01 gets 8%")
    func boundary2014() throws {
        // 10,000 × 5/100 = 500 → 10,500; 10,000 × 8/100 = 800 → 10,800
        #expect(ConsumptionTax.taxIncluded(10_000, taxIncluded: false, on: try date("2014-03-31")) == 10_500)
        #expect(ConsumptionTax.taxIncluded(10_000, taxIncluded: false, on: try date("2014-04-01")) == 10_800)
    }

    @Test("an amount that already includes tax is unchanged")
    func alreadyIncluded() throws {
        #expect(ConsumptionTax.taxIncluded(10_000, taxIncluded: true, on: try date("2019-10-01")) == 10_000)
        #expect(ConsumptionTax.taxIncluded(999, taxIncluded: true, on: try date("2015-06-01")) == 999)
    }

    @Test("the tax is rounded down to the yen (1円未満切り捨て)")
    func roundsDown() throws {
        // 999 × 8/100 = 79.92 → 79; 999 + 79 = 1,078
        #expect(ConsumptionTax.taxIncluded(999, taxIncluded: false, on: try date("2015-06-01")) == 1_078)
        // 999 × 10/100 = 99.9 → 99; 999 + 99 = 1,098
        #expect(ConsumptionTax.taxIncluded(999, taxIncluded: false, on: try date("2020-06-01")) == 1_098)
        // 33 × 3/100 = 0.99 → 0; 33 + 0 = 33
        #expect(ConsumptionTax.taxIncluded(33, taxIncluded: false, on: try date("1990-01-01")) == 33)
    }

    @Test("before consumption tax existed (1989-04-01) nothing is added")
    func beforeConsumptionTax() throws {
        #expect(ConsumptionTax.taxIncluded(10_000, taxIncluded: false, on: try date("1988-12-31")) == 10_000)
    }

    @Test("the largest contract amount, annualised monthly, is taxed without overflow")
    func largeAmount() throws {
        // 12,000,000,000,000,000 × 10/100 = 1,200,000,000,000,000 → 13,200,000,000,000,000
        let annual: Int64 = 12_000_000_000_000_000
        #expect(
            ConsumptionTax.taxIncluded(annual, taxIncluded: false, on: try date("2020-04-01")) == 13_200_000_000_000_000
        )
    }
}

@Suite("peer price comparison")
struct PriceComparisonTests {
    @Test("a peer paying more shows a positive difference (peer − own), relative to own")
    func peerPaysMore() {
        // 11,000 − 10,000 = +1,000; 1,000 / 10,000 = +10.00% = +1,000 bp
        let comparison = PriceComparison(peer: 11_000, own: 10_000)
        #expect(comparison.differenceYen == 1_000)
        #expect(comparison.differenceBasisPoints == 1_000)
    }

    @Test("a peer paying less shows a negative difference")
    func peerPaysLess() {
        // 9,000 − 12,000 = −3,000; −3,000 / 12,000 = −25.00% = −2,500 bp
        let comparison = PriceComparison(peer: 9_000, own: 12_000)
        #expect(comparison.differenceYen == -3_000)
        #expect(comparison.differenceBasisPoints == -2_500)
    }

    @Test("when the caller pays nothing the percentage is absent, the yen difference is not")
    func ownZero() {
        let comparison = PriceComparison(peer: 5_000, own: 0)
        #expect(comparison.differenceYen == 5_000)
        #expect(comparison.differenceBasisPoints == nil)
    }

    @Test("equal prices differ by nothing")
    func equal() {
        let comparison = PriceComparison(peer: 7_700, own: 7_700)
        #expect(comparison.differenceYen == 0)
        #expect(comparison.differenceBasisPoints == 0)
    }

    @Test("basis points round to nearest, halves away from zero")
    func rounding() {
        // +10,000 / 30,000 = +3,333.33 bp → 3,333; −10,000 / 30,000 → −3,333
        #expect(PriceComparison(peer: 40_000, own: 30_000).differenceBasisPoints == 3_333)
        #expect(PriceComparison(peer: 20_000, own: 30_000).differenceBasisPoints == -3_333)
        // +20,000 / 30,000 = +6,666.67 bp → 6,667
        #expect(PriceComparison(peer: 50_000, own: 30_000).differenceBasisPoints == 6_667)
        // ±1 / 20,000 = ±0.5 bp → ±1
        #expect(PriceComparison(peer: 20_001, own: 20_000).differenceBasisPoints == 1)
        #expect(PriceComparison(peer: 19_999, own: 20_000).differenceBasisPoints == -1)
    }
}

@Suite("amount distribution")
struct AmountDistributionTests {
    @Test("quartiles of 100, 200, 300, 400 interpolate like percentile_cont")
    func fourValues() throws {
        // n − 1 = 3. p25: h = 0.75 → 100 + 0.75 × 100 = 175; median: h = 1.5 → 200 + 0.5 × 100 = 250;
        // p75: h = 2.25 → 300 + 0.25 × 100 = 325. IQR = 325 − 175 = 150; fence = 325 + 1.5 × 150 = 550.
        let distribution = try #require(AmountDistribution([400, 100, 300, 200]))
        #expect(distribution.count == 4)
        #expect(distribution.min == 100)
        #expect(distribution.p25 == 175)
        #expect(distribution.median == 250)
        #expect(distribution.p75 == 325)
        #expect(distribution.max == 400)
        #expect(distribution.iqr == 150)
        #expect(distribution.outlierThreshold == 550)
        #expect(!distribution.isOutlier(550))
        #expect(distribution.isOutlier(551))
    }

    @Test("quartiles between ranks are rounded down to the yen")
    func roundsDown() throws {
        // 10, 20, 30, 40, 50, 60: n − 1 = 5. p25: h = 1.25 → 20 + 2.5 = 22.5 → 22;
        // median: h = 2.5 → 30 + 5 = 35; p75: h = 3.75 → 40 + 7.5 = 47.5 → 47.
        // IQR = 47 − 22 = 25; fence = 47 + 25 + ⌊12.5⌋ = 84.
        let distribution = try #require(AmountDistribution([60, 50, 40, 30, 20, 10]))
        #expect(distribution.p25 == 22)
        #expect(distribution.median == 35)
        #expect(distribution.p75 == 47)
        #expect(distribution.iqr == 25)
        #expect(distribution.outlierThreshold == 84)
    }

    @Test("a single contract is its own minimum, quartiles and maximum")
    func oneValue() throws {
        let distribution = try #require(AmountDistribution([5_000]))
        #expect(distribution.count == 1)
        #expect(
            [distribution.min, distribution.p25, distribution.median, distribution.p75, distribution.max]
                == [5_000, 5_000, 5_000, 5_000, 5_000])
        #expect(distribution.iqr == 0)
        #expect(distribution.outlierThreshold == 5_000)
        #expect(!distribution.isOutlier(5_000))
        #expect(distribution.percentileRank(of: 5_000) == 100)
        #expect(distribution.percentileRank(of: 4_999) == 0)
    }

    @Test("a planted price far above the fence is an outlier; the others are not")
    func outlier() throws {
        // 100, 110, 120, 130, 1,000: n − 1 = 4, so h = 1, 2, 3 hit ranks exactly: p25 110, median 120,
        // p75 130. IQR = 20; fence = 130 + 1.5 × 20 = 160.
        let amounts: [Int64] = [120, 1_000, 100, 130, 110]
        let distribution = try #require(AmountDistribution(amounts))
        #expect(distribution.p25 == 110)
        #expect(distribution.median == 120)
        #expect(distribution.p75 == 130)
        #expect(distribution.outlierThreshold == 160)
        #expect(amounts.filter(distribution.isOutlier) == [1_000])
    }

    @Test("percentile rank is the share of amounts at or below, rounded down")
    func percentileRank() throws {
        let four = try #require(AmountDistribution([100, 200, 300, 400]))
        #expect(four.percentileRank(of: 50) == 0)  // 0 of 4
        #expect(four.percentileRank(of: 100) == 25)  // 1 of 4
        #expect(four.percentileRank(of: 250) == 50)  // 2 of 4
        #expect(four.percentileRank(of: 400) == 100)  // 4 of 4
        #expect(four.percentileRank(of: 9_999) == 100)
        let three = try #require(AmountDistribution([100, 100, 200]))
        #expect(three.percentileRank(of: 100) == 66)  // 2 of 3 = 66.67 → 66
        #expect(three.percentileRank(of: 150) == 66)
        #expect(three.percentileRank(of: 200) == 100)
    }

    @Test("no amounts, no distribution")
    func empty() {
        #expect(AmountDistribution([]) == nil)
    }
}

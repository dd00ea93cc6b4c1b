import PlacementDomain
import XCTest

/// Reports format every number with `formatNumber`. A relative gap over a value of 0 (a schedule
/// that placed nobody, with a bound of 3,000) is 3·10¹³, and in per cent more: it trapped when
/// its six decimals were computed in Int64, and the report was never written.
final class NumberFormattingTests: XCTestCase {
    func testLargeNumbersAreFormattedWithoutTrappingAndRoundTrip() {
        for x in [3e13, 3e16 + 0.5, 9.3e12 + 0.25, -4.5e18, 1.7e308, 123_456_789_012.5] {
            let text = formatNumber(x)
            XCTAssertEqual(Double(text), x, "\(x) formatted as \(text)")
        }
        XCTAssertEqual(formatNumber(2.5), "2.5")
        XCTAssertEqual(formatNumber(42), "42")
        XCTAssertEqual(formatNumber(-0.125), "-0.125")
    }
}

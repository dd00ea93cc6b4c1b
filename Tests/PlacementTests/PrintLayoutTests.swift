import Foundation
import XCTest

/// report.html printed as a coordinator's browser prints it (headless Chromium, A4): the 1,500-
/// student alliance term fits on a few pages, the per-student tables being left to the CSV and
/// workbook files. Needs Debian's `chromium`; skipped where it is not installed.
final class PrintLayoutTests: XCTestCase {
    func testTheAllianceTermReportPrintsOnAFewPages() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw XCTSkip("chromium is not installed (apt-get install chromium); Scripts/print-pages.sh does the same by hand")
        }
        let html = PackageLayout.root.appendingPathComponent("Reports/alliance-term/report.html")
        let scratch = try TempScenarioFolder.makeDirectory("print")
        defer { TempScenarioFolder.remove(scratch) }
        let pdf = scratch.appendingPathComponent("report.pdf")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=\(scratch.path)/profile",
            "--print-to-pdf=\(pdf.path)", html.absoluteString
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let bytes = try Data(contentsOf: pdf)
        let text = String(decoding: bytes, as: UTF8.self)
        let pages = try NSRegularExpression(pattern: "/Type\\s*/Page[^s]").numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
        XCTAssertGreaterThan(pages, 1)
        XCTAssertLessThanOrEqual(pages, 8, "the printed report should be a few pages, not one row per student")
    }
}

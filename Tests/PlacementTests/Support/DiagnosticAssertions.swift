import Foundation
import PlacementDomain
import PlacementEngine
import PlacementScenarioIO
import XCTest

/// Loads Scenarios/invalid/<name>/scenario.yaml and asserts it is refused, by the loader and by the
/// engine's validate (what the CLI prints), with the same errors; every error renders as one line
/// starting with its file and says what was expected; with `located`, every error also names a
/// line and a field. Returns the errors.
func invalidScenarioErrors(_ name: String, located: Bool = false, file: StaticString = #filePath, line: UInt = #line) -> [Diagnostic] {
    let path = PackageLayout.invalidScenarios.appendingPathComponent(name).appendingPathComponent("scenario.yaml").path
    XCTAssertTrue(FileManager.default.fileExists(atPath: path), "missing fixture \(path)", file: file, line: line)
    let (scenario, diagnostics) = ScenarioLoader().check(path: path)
    XCTAssertNil(scenario, "\(name) must not load", file: file, line: line)
    let errors = diagnostics.filter { $0.severity == .error }
    XCTAssertFalse(errors.isEmpty, "\(name) must report at least one error", file: file, line: line)
    let report = PlacementEngine().validate(path: path)
    XCTAssertEqual(report.errorCount, errors.count, file: file, line: line)
    XCTAssertNil(report.scenario, file: file, line: line)
    for e in errors {
        XCTAssertTrue(e.description.hasPrefix(e.file), e.description, file: file, line: line)
        XCTAssertFalse(e.expected.isEmpty, file: file, line: line)
        if located {
            XCTAssertNotNil(e.line, "every schedule error names a line: \(e)", file: file, line: line)
            XCTAssertNotNil(e.field, "every schedule error names a field: \(e)", file: file, line: line)
        }
    }
    return errors
}

/// Asserts one of the diagnostics is in file `name` at `line`, with `field`, and an expectation
/// containing every fragment of `expected`; `row` and `value` must match exactly when `exactly`,
/// otherwise only when given. Prints them all otherwise.
@discardableResult
func expectDiagnostic(
    _ diagnostics: [Diagnostic], file name: String, line: Int?, row: Int?, field: String?, value: String?,
    exactly: Bool, expected: [String], file: StaticString, line testLine: UInt
) -> Diagnostic? {
    let match = diagnostics.first { d in
        d.file == name && d.line == line && d.field == field
            && (exactly ? d.row == row && d.value == value : (row == nil || d.row == row) && (value == nil || d.value == value))
            && expected.allSatisfy { d.expected.contains($0) }
    }
    XCTAssertNotNil(
        match,
        """
        no diagnostic \(name):\(line.map(String.init) ?? "-") row \(row.map(String.init) ?? "-") field \(field ?? "-") \
        value \(value ?? "-") expecting \(expected.count == 1 ? "\"\(expected[0])\"" : "\(expected)"); got:
        \(diagnostics.map(\.description).joined(separator: "\n"))
        """, file: file, line: testLine)
    return match
}

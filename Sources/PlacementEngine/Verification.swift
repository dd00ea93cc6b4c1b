import Foundation
import PlacementDomain
import PlacementScenarioIO
import PlacementVerifier

// The CLI and tests see the verifier's results through the engine alone.
@_exported import struct PlacementVerifier.VerificationResult
@_exported import struct PlacementVerifier.Violation

extension PlacementEngine {
    /// Checks a report folder against its scenario with the independent verifier (which shares no
    /// code with the formulation, the solvers or the outcome building). Throws when the scenario is
    /// invalid or the report folder does not exist; every problem with the report itself is a
    /// violation in the result.
    public func verify(scenarioPath: String, reportFolder: String, options: LoadOptions) throws(EngineError) -> VerificationResult {
        let scenario = try load(path: scenarioPath, options: options)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: reportFolder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .unreadableInput(path: reportFolder, reason: "not a report folder (expected a folder with report.json and manifest.json)")
        }
        return ReportVerifier(scenario: scenario, scenarioPath: scenarioPath).verify(reportFolder: reportFolder)
    }
}

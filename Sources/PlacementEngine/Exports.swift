// The CLI and tests see these through the engine alone.
@_exported import struct PlacementDomain.Diagnostic
@_exported import struct PlacementDomain.Scenario
@_exported import struct PlacementDomain.PlacementOutcome
@_exported import func PlacementDomain.formatNumber
@_exported import struct PlacementModel.ProgressEvent
@_exported import struct PlacementReports.ReportSettings
@_exported import struct PlacementScenarioIO.LoadOptions
@_exported import enum PlacementSolving.ModelFileFormat
@_exported import struct PlacementReports.Redaction
@_exported import struct PlacementDomain.Policy
@_exported import struct PlacementScenarioIO.PlacementEdits
@_exported import struct PlacementReports.EarlierReport

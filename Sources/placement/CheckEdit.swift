import ArgumentParser
import Foundation
import PlacementEngine

struct CheckEdit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-edit",
        abstract: "Check a coordinator's edited placements against every rule, and say what the edit costs.",
        discussion: """
            EDITED is a table with columns student_id (or student), base_id (or base) and term, such as \
            an edited copy of the report's placements.csv or placements.xlsx; an empty base means \
            unplaced, and students it does not list keep the report's placement. Prints each rule the \
            edit breaks (eligibility, seats, minimum interns, nationality share, reserved seats, groups, \
            locks, bans, …) with its amount and exits with 6; or the edit's cost against the report \
            (students placed, cost, who is worse off) and exits with 0. With --locks-out, writes the \
            changed placements as a locks table; `placement solve SCENARIO --from REPORT --locks FILE` \
            then makes a new report that keeps them and changes as little else as the rules allow.
            """)

    @Argument(help: "The scenario file the report was made from.") var scenario: String
    @Argument(help: "The report folder (or its report.json) the edit starts from.") var report: String
    @Argument(help: "The edited placements (.csv or .xlsx).") var edited: String
    @Option(help: "The sheet of an .xlsx (default: the sheet named placements, else the only one).") var sheet: String?
    @Option(help: "Write the changed placements as a locks table (student, base, term) to this file.") var locksOut: String?
    @OptionGroup var limits: LimitOptions

    func run() throws {
        let review = try runReportingErrors {
            let engine = PlacementEngine()
            let loaded = try engine.load(path: scenario, options: limits.loadOptions)
            let review = try engine.reviewEdit(
                loaded, report: try engine.readEarlierReport(path: report),
                edits: try engine.readEdits(path: edited, sheet: sheet, options: limits.loadOptions))
            if review.accepted, let locksOut { try engine.writeLocks(review, to: locksOut) }
            return review
        }
        print("\(review.changes.count) placement(s) changed by the edit")
        for change in review.changes {
            let rank = { (r: Int?) in r.map { " (choice \($0))" } ?? "" }
            print(
                "  \(change.student): \(change.before ?? "unplaced")\(rank(change.rankBefore)) → \(change.after ?? "unplaced")\(rank(change.rankAfter))"
                    + (change.isWorseOff ? "  [worse off]" : ""))
        }
        guard review.accepted else {
            printError("\(edited): the edit breaks \(review.problems.count) rule(s):")
            for problem in review.problems { printError("  - \(problem)") }
            throw Exit.verificationFailed
        }
        print("every rule holds")
        print("placed: \(review.placedAfter) (report: \(review.placedBefore), change \(signed(review.placedAfter - review.placedBefore)))")
        print(
            "cost: \(formatNumber(review.costAfter)) (report: \(formatNumber(review.costBefore)), change \(signed(review.costAfter - review.costBefore)))"
        )
        let worse = review.worseOff.map(\.student)
        print("worse off: " + (worse.isEmpty ? "nobody" : worse.joined(separator: ", ")))
        if let locksOut {
            print(
                "locks: \(locksOut); a new report keeping the edit: placement solve \(scenario) --from \(report) --locks \(locksOut) --out NEW_FOLDER"
            )
        }
    }

    private func signed(_ x: Int) -> String { x > 0 ? "+\(x)" : "\(x)" }
    private func signed(_ x: Double) -> String { x > 0 ? "+\(formatNumber(x))" : formatNumber(x) }
}

struct Vacancy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who could take a free seat: the students who could move there, best first, each checked against every rule.",
        discussion: """
            Give the student who withdraws (her seat becomes free) or the seat's base and term. Each \
            candidate is moved there from the report's placements (freeing her own seat), checked \
            against every rule, and listed with the change in students placed and in cost.
            """)

    @Argument(help: "The scenario file the report was made from.") var scenario: String
    @Argument(help: "The report folder (or its report.json).") var report: String
    @Option(help: "The student who withdraws; her seat is the vacancy.") var withdraw: String?
    @Option(help: "The base with a free seat (with --term).") var base: String?
    @Option(help: "The term of that seat.") var term: String?
    @Option(help: "How many candidates to list.") var limit = 10
    @OptionGroup var limits: LimitOptions

    func validate() throws {
        guard (withdraw != nil) != (base != nil && term != nil) else {
            throw ValidationError("give --withdraw STUDENT, or --base BASE with --term TERM")
        }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be from 1 to 1000") }
    }

    func run() throws {
        let (seat, candidates) = try runReportingErrors {
            let engine = PlacementEngine()
            let loaded = try engine.load(path: scenario, options: limits.loadOptions)
            let earlier = try engine.readEarlierReport(path: report)
            var seat = (base: base ?? "", term: term ?? "")
            if let withdraw {
                guard let placement = earlier.placements[withdraw] else {
                    throw EngineError.unreadableInput(path: report, reason: "\(withdraw) has no placement in this report")
                }
                seat = placement
            }
            return (seat, try engine.vacancyCandidates(loaded, report: earlier, base: seat.base, term: seat.term, withdrawn: withdraw, limit: limit))
        }
        print("free seat: \(seat.base)/\(seat.term)" + (withdraw.map { " (\($0) withdraws)" } ?? ""))
        if candidates.isEmpty { print("nobody can take it without breaking a rule") }
        for (i, c) in candidates.enumerated() {
            let from = c.from.map { "moves from \($0)" } ?? "unplaced now"
            let rank = c.rank.map { "choice \($0)" } ?? "unranked"
            print(
                "\(i + 1). \(c.student) (\(rank); \(from)): placed \(c.placedChange >= 0 ? "+" : "")\(c.placedChange), cost \(c.costChange >= 0 ? "+" : "")\(formatNumber(c.costChange))"
            )
        }
    }
}

import Foundation
import PlacementModel

extension GLPKSolver {
    /// Relax-and-fix diving from the current LP optimum: fix every binary at 0.9 or more to 1 (or,
    /// when there is none, the largest fractional one), re-solve the LP warm, and repeat until the
    /// LP optimum is integral. A fix that makes the LP infeasible is undone and the column fixed to
    /// 0 instead. Returns an integral point of the problem (its added rows included) or nil. Every
    /// bound it changed is restored and the LP re-solved, so branch-and-bound starts from the root.
    static func dive(problem: GLPKProblem, model: LinearModel, from lpValues: [Double], limits: Limits) throws -> [Double]? {
        let binaries = model.variables.indices.filter {
            let v = model.variables[$0]
            return v.isInteger && v.lower == 0 && v.upper == 1
        }
        let integers = model.variables.indices.filter { model.variables[$0].isInteger }
        var changed: Set<Int> = []
        var values = lpValues
        var result: [Double]? = nil
        // At most one round per binary, and half of what is left of each limit.
        let budget = limits.half(problem)
        func fix(_ columns: [Int], to value: Double) throws {
            for j in columns { try problem.setColumnBounds(j, lower: value, upper: value); changed.insert(j) }
        }
        func free(_ columns: [Int]) throws {
            for j in columns { try problem.setColumnBounds(j, lower: 0, upper: 1) }
        }
        func resolve() throws -> Bool {
            let (code, status) = try problem.simplex(timeLimitMilliseconds: budget.milliseconds(), iterationLimit: budget.iterationsLeft(problem))
            guard code == 0, status == GLPKCodes.optimal else { return false }
            values = try problem.solution(mip: false).values
            return true
        }
        for _ in 0..<binaries.count {
            if budget.exhausted(problem) { break }
            let fractional = binaries.filter { values[$0] > integralityTolerance && values[$0] < 1 - integralityTolerance }
            if fractional.isEmpty {
                if integers.allSatisfy({ abs(values[$0] - values[$0].rounded()) <= integralityTolerance }) {
                    result = values.enumerated().map { model.variables[$0.offset].isInteger ? $0.element.rounded() : $0.element }
                }
                break
            }
            let largest = fractional.max { (values[$0], -$0) < (values[$1], -$1) }!
            var batch = fractional.filter { values[$0] >= 0.9 }
            if batch.isEmpty { batch = [largest] }
            try fix(batch, to: 1)
            if try resolve() { continue }
            try free(batch)
            if batch.count > 1 {
                try fix([largest], to: 1)
                if try resolve() { continue }
                try free([largest])
            }
            try fix([largest], to: 0)
            guard try resolve() else { break }
        }
        // Out of budget before the LP became integral (large models): the point with every
        // fractional column rounded down is often still feasible, and is far better than none.
        // Only without added rows (an earlier stage's fixed value), which the model cannot check.
        if result == nil, problem.rowCount == model.constraintCount {
            result = roundedDown(values, model: model)
        }
        for j in changed.sorted() { try problem.setColumnBounds(j, lower: model.variables[j].lower, upper: model.variables[j].upper) }
        _ = try problem.simplex(timeLimitMilliseconds: limits.milliseconds(), iterationLimit: limits.iterationsLeft(problem))
        return result
    }

    /// Rounds every fractional integer column down, then clears the columns of any violated
    /// zero-sum equality (a rotation's "both parts or neither"), until none is violated. Returns
    /// the point if it satisfies the whole model, else nil.
    static func roundedDown(_ lpValues: [Double], model: LinearModel) -> [Double]? {
        var values = lpValues.enumerated().map { model.variables[$0.offset].isInteger ? ($0.element + integralityTolerance).rounded(.down) : $0.element }
        let zeroSums = model.constraints.filter { $0.lower == 0 && $0.upper == 0 }
        var changed = true
        while changed {
            changed = false
            for row in zeroSums {
                let lhs = row.terms.reduce(0.0) { $0 + $1.coefficient * values[$1.variable] }
                guard abs(lhs) > 1e-9 else { continue }
                for term in row.terms where values[term.variable] != 0 && model.variables[term.variable].lower <= 0 {
                    values[term.variable] = 0
                    changed = true
                }
            }
        }
        return model.maximumViolation(at: values) <= 1e-9 ? values : nil
    }
}

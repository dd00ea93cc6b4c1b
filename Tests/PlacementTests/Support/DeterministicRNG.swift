import Foundation

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny deterministic generator, the same on every platform.
/// The one seeded generator of the tests; `seeding` reproduces the three ways the earlier copies
/// turned a seed into a state, so every seeded test still sees the same instances.
struct DeterministicRNG: RandomNumberGenerator {
    /// How a seed becomes the first state.
    enum Seeding {
        /// state = seed (the scenario generators).
        case plain
        /// state = seed · γ + 1 (the transportation problems of the network solver tests, the benchmark-shaped scenario).
        case scaled
        /// state = seed + γ (the verifier's random scenario folders).
        case offset
    }

    private static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var state: UInt64

    init(seed: UInt64, seeding: Seeding = .plain) {
        switch seeding {
        case .plain: state = seed
        case .scaled: state = seed &* Self.gamma &+ 1
        case .offset: state = seed &+ Self.gamma
        }
    }

    mutating func next() -> UInt64 {
        state &+= Self.gamma
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in range (modulo bias is irrelevant for tests).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func double(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * (Double(next() >> 11) / Double(1 << 53))
    }

    mutating func chance(_ p: Double) -> Bool { double(0...1) < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var a = items
        if a.count < 2 { return a }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, int(0...i)) }
        return a
    }

    /// A random subset (each item with probability p), in the original order.
    mutating func subset<T>(_ items: [T], p: Double) -> [T] { items.filter { _ in chance(p) } }
}

import Synchronization
import Testing

@testable import ProcurementAPI

/// `firstOf(within:_:)` bounds the supervisor's database probe: an operation that answers in time
/// must never be reported as timed out, or a healthy database is declared unreachable (503s).
@Suite("an operation raced against its timeout")
struct FirstOfTests {
    @Test("an operation that answers at once is never taken for a timeout, over 20,000 races")
    func answeredInTime() async {
        let timedOut = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var missed = 0
                    for index in 0..<5_000 {
                        let answer = await firstOf(within: .seconds(60)) { worker * 5_000 + index }
                        if answer != worker * 5_000 + index { missed += 1 }
                    }
                    return missed
                }
            }
            return await group.reduce(0, +)
        }
        #expect(timedOut == 0)
    }

    @Test("an answer that is itself nil is an answer, not a timeout")
    func nilAnswer() async {
        let answer: String?? = await firstOf(within: .seconds(60)) { nil }
        #expect(answer == .some(nil))
    }

    @Test("an operation slower than the timeout gives nil, and is not awaited")
    func timeout() async {
        let gate = Gate()
        let answer = await firstOf(within: .milliseconds(50)) { () async -> Int in
            // Ignores cancellation, as a query on a silent connection does.
            await gate.wait()
            return 1
        }
        #expect(answer == nil)
        // Only now may the operation end: firstOf returned without waiting for it.
        gate.open()
    }
}

/// Holds whoever waits until opened; deaf to cancellation.
private final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.open { return true }
                state.waiter = continuation
                return false
            }
            if now { continuation.resume() }
        }
    }

    func open() {
        state.withLock { state in
            state.open = true
            return state.waiter.take()
        }?.resume()
    }
}

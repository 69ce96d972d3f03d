import Foundation
import Ledger
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import Synchronization

#if canImport(Glibc)
    /// glibc's `malloc_trim` (not in the Glibc module): returns the allocator's free memory to the
    /// system.
    @_silgen_name("malloc_trim")
    private func mallocTrim(_ pad: Int) -> Int32
#endif

/// How long a connection may take over its requests, and how many may be open at once: one client
/// holding connections open (idle, or sending its request a byte at a time) must not use up the
/// server's descriptors or memory.
public struct ConnectionLimits: Sendable, Equatable {
    public static let defaultIdleTimeout: Duration = .seconds(30)
    public static let defaultBodyTimeout: Duration = .seconds(10)
    public static let defaultBodyMinimumRate = 1_024
    /// The most connections by default: half the descriptors the process may open (the rest are
    /// for the database and files), at most 4,096.
    public static func defaultMaximumConnections(openFileLimit: Int) -> Int {
        max(16, min(4_096, openFileLimit / 2))
    }

    /// A connection that has not sent a whole request head for this long — idle between requests,
    /// or sending its headers slowly — is closed.
    public var idleTimeout: Duration
    /// A request body may take this long, plus a second for every `bodyMinimumRate` bytes received;
    /// a slower body's connection is closed.
    public var bodyTimeout: Duration
    public var bodyMinimumRate: Int
    /// At this many open connections, a new one makes room by closing the connection that has
    /// waited longest for a request head; when none is waiting (every one is busy with a request),
    /// the new connection is closed at once.
    public var maximumConnections: Int

    public init(
        idleTimeout: Duration = defaultIdleTimeout, bodyTimeout: Duration = defaultBodyTimeout,
        bodyMinimumRate: Int = defaultBodyMinimumRate, maximumConnections: Int
    ) {
        self.idleTimeout = idleTimeout
        self.bodyTimeout = bodyTimeout
        self.bodyMinimumRate = max(1, bodyMinimumRate)
        self.maximumConnections = max(1, maximumConnections)
    }
}

/// The process's open connections, shared by their ``ConnectionGuardHandler``s: which of them wait
/// for a request head and since when, to choose the one to close when the cap is reached.
final class OpenConnections: Sendable {
    private struct Entry {
        let channel: any Channel
        var waitingSince: NIODeadline?
    }

    private struct State {
        var nextID = 0
        var entries: [Int: Entry] = [:]
        /// The most connections open since memory was last given back.
        var peak = 0
        var lastWarning: NIODeadline?
    }

    let maximum: Int
    private let logger: Logger
    private let state = Mutex(State())

    init(maximum: Int, logger: Logger) {
        self.maximum = maximum
        self.logger = logger
    }

    var count: Int { state.withLock { $0.entries.count } }

    /// Registers a new connection, waiting for its first request head, and says which connection
    /// to close to stay within the cap: none, the one waiting longest, or the new one itself.
    func opened(_ channel: any Channel) -> (id: Int, close: (any Channel)?) {
        let now = NIODeadline.now()
        let (id, close, warn) = state.withLock { state -> (Int, (any Channel)?, Bool) in
            let id = state.nextID
            state.nextID += 1
            var close: (any Channel)?
            var warn = false
            if state.entries.count >= maximum {
                let oldest = state.entries.filter { $0.value.waitingSince != nil }
                    .min { $0.value.waitingSince! < $1.value.waitingSince! }
                close = oldest?.value.channel ?? channel
                if let key = oldest?.key { state.entries[key]?.waitingSince = nil }
                // Once a minute at most: a client filling the cap would otherwise fill the log.
                if state.lastWarning.map({ now - $0 > .minutes(1) }) ?? true {
                    state.lastWarning = now
                    warn = true
                }
            }
            if close !== channel {
                state.entries[id] = Entry(channel: channel, waitingSince: now)
                state.peak = max(state.peak, state.entries.count)
            }
            return (id, close, warn)
        }
        if warn {
            logger.warning(
                "the connection limit is reached: closing the connections that wait longest",
                metadata: ["maximumConnections": "\(maximum)"])
        }
        return (id, close)
    }

    /// The connection waits for a request head since `since`, or (nil) is busy with a request.
    func waiting(_ id: Int, since: NIODeadline?) {
        state.withLock { $0.entries[id]?.waitingSince = since }
    }

    func closed(_ id: Int) {
        let giveBack = state.withLock { state -> Bool in
            guard state.entries.removeValue(forKey: id) != nil else { return false }
            // After a burst, once most of its connections are gone, the memory they used is
            // returned to the system (the allocator would otherwise keep it for the next one).
            guard state.peak >= 256, state.entries.count <= state.peak / 4 else { return false }
            state.peak = state.entries.count
            return true
        }
        if giveBack { Self.returnFreeMemory() }
    }

    static func returnFreeMemory() {
        #if canImport(Glibc)
            Thread.detachNewThread { _ = mallocTrim(0) }
        #endif
    }
}

/// Keeps one connection within its ``ConnectionLimits`` (the idle and body deadlines, its place
/// under the cap) and answers the HTTP parser's refusals (a header too large, a malformed request
/// line) with a problem document instead of an empty 400. Sits after the HTTP decoder, so it sees
/// request parts, not bytes: a request head counts only once it is whole.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    private let connections: OpenConnections
    private let logger: Logger
    private var id: Int?
    /// When the connection last finished a response (or opened), while it waits for a head.
    private var idleSince = NIODeadline.now()
    /// The request whose body is being read: since its head, and its bytes so far.
    private var body: (since: NIODeadline, bytes: Int)?
    /// Requests whose head has come and whose response has not ended.
    private var inFlight = 0
    private var timer: Scheduled<Void>?
    private var parserError: HTTPParserError?

    init(limits: ConnectionLimits, connections: OpenConnections, logger: Logger) {
        self.limits = limits
        self.connections = connections
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { opened(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        opened(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if let id { connections.closed(id) }
        id = nil
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func opened(_ context: ChannelHandlerContext) {
        guard id == nil else { return }
        let (id, close) = connections.opened(context.channel)
        self.id = id
        if let close {
            if close === context.channel {
                context.close(promise: nil)
                return
            }
            close.close(promise: nil)
        }
        idleSince = .now()
        arm(context, at: idleSince + .init(limits.idleTimeout))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            inFlight += 1
            body = (.now(), 0)
            if let id { connections.waiting(id, since: nil) }
            arm(context, at: body!.since + .init(limits.bodyTimeout))
        case .body(let buffer):
            body?.bytes += buffer.readableBytes
        case .end:
            body = nil
            settle(context)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let part = unwrapOutboundIn(data)
        if let parserError, case .head(let head) = part, head.status == .badRequest {
            // The HTTP server's empty answer to a request the parser refused: the same status, with
            // a problem document saying why.
            self.parserError = nil
            var head = head
            let bytes = Self.parserProblem(parserError).encodedBody
            head.headerFields[.contentType] = "application/problem+json; charset=utf-8"
            head.headerFields[.contentLength] = String(bytes.count)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.write(wrapOutboundOut(.body(buffer)), promise: promise)
            return
        }
        if case .end = part {
            inFlight = max(0, inFlight - 1)
            settle(context)
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { parserError = error }
        context.fireErrorCaught(error)
    }

    /// The deadline once a request's body is read or a response ends: none while a response is
    /// being made (an import may take a while), the idle timeout when nothing is left to do. (A
    /// body still being read keeps the deadline its head set.)
    private func settle(_ context: ChannelHandlerContext) {
        guard body == nil else { return }
        if inFlight > 0 {
            timer?.cancel()
            timer = nil
        } else {
            idleSince = .now()
            if let id { connections.waiting(id, since: idleSince) }
            arm(context, at: idleSince + .init(limits.idleTimeout))
        }
    }

    /// Replaces the timer with one at `deadline`.
    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer?.cancel()
        let loop = context.eventLoop.assumeIsolatedUnsafeUnchecked()
        timer = loop.scheduleTask(deadline: deadline) { [self] in
            timer = nil
            expired(context)
        }
    }

    private func expired(_ context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        if let body {
            let allowed = limits.bodyTimeout + .seconds(Double(body.bytes) / Double(limits.bodyMinimumRate))
            let deadline = body.since + .init(allowed)
            guard now >= deadline else { return arm(context, at: deadline) }
            logger.info(
                "closed a connection whose request body came too slowly",
                metadata: [
                    "bytes": "\(body.bytes)", "seconds": "\((now - body.since).nanoseconds / 1_000_000_000)",
                    "minimumRate": "\(limits.bodyMinimumRate)",
                ])
            context.close(promise: nil)
        } else if inFlight == 0 {
            let deadline = idleSince + .init(limits.idleTimeout)
            guard now >= deadline else { return arm(context, at: deadline) }
            logger.debug("closed a connection that sent no request head in time")
            context.close(promise: nil)
        }
    }

    /// The problem document for a request the HTTP parser refused.
    static func parserProblem(_ error: HTTPParserError) -> Problem {
        let detail: Bilingual =
            switch error {
            case .headerOverflow: APIText.headersTooLarge
            case .unexpectedContentLength, .invalidContentLength, .invalidChunkSize: APIText.bodyLengthUnclear
            default: APIText.requestNotHTTP
            }
        return Problem(.badRequest, code: "malformed_request", title: APIText.malformedRequest, detail: detail)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

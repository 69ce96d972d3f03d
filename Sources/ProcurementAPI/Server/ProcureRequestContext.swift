import Hummingbird
import NIOCore

/// The context of each request: Hummingbird's, and the address of the client, by which failed
/// token checks are counted (``FailedAuthentications``).
public struct ProcureRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

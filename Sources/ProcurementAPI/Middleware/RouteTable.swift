import HTTPTypes
import Synchronization

/// The paths and methods of the API's operations, recorded while the generated code registers
/// them, so that a request for a known path with a method it does not have is told 405 and the
/// methods it has (`Allow`), not 404: the router alone cannot tell the two apart.
final class RouteTable: Sendable {
    private let routes = Mutex<[(template: [Substring], method: HTTPRequest.Method)]>([])

    func add(method: HTTPRequest.Method, path: String) {
        routes.withLock { $0.append((template: path.split(separator: "/"), method: method)) }
    }

    /// The methods of the operations whose path template matches `path` (a `{parameter}` matches
    /// any one segment); empty for a path the API does not have.
    func methods(forPath path: String) -> [HTTPRequest.Method] {
        let segments = path.split(separator: "/")
        return routes.withLock { routes in
            routes.filter { route in
                route.template.count == segments.count
                    && zip(route.template, segments).allSatisfy { template, segment in
                        template.first == "{" || template == segment
                    }
            }
            .map(\.method)
        }
    }
}

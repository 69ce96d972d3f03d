/// Collects a keyset-paginated list: asks for pages of up to 500 (the API's maximum), following
/// each page's `nextCursor`, until the list ends or `limit` items are collected.
func collectPages<Item>(
    limit: Int? = nil,
    _ fetchPage: (_ pageSize: Int32, _ cursor: String?) async throws -> (items: [Item], nextCursor: String?)
) async throws -> [Item] {
    let maximumPageSize = 500
    var items: [Item] = []
    var cursor: String?
    repeat {
        // Without a limit every page is a full one; with one, the last page asks only for what
        // is still missing.
        let wanted = limit.map { $0 - items.count } ?? maximumPageSize
        let page = try await fetchPage(Int32(min(maximumPageSize, wanted)), cursor)
        items += page.items
        cursor = page.nextCursor
    } while cursor != nil && items.count < (limit ?? Int.max)
    if let limit, items.count > limit { items.removeLast(items.count - limit) }
    return items
}

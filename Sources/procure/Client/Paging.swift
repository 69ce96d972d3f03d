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
        let pageSize = Int32(min(maximumPageSize, (limit ?? maximumPageSize) - items.count))
        let page = try await fetchPage(pageSize, cursor)
        items += page.items
        cursor = page.nextCursor
    } while cursor != nil && items.count < (limit ?? Int.max)
    return items
}

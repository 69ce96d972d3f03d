/// Limits `openapi.yaml` declares, for clients that size their requests to them. The generated
/// types do not carry them; `ProcurementAPITests` checks each against the document and the server.
public enum APILimits {
    /// `maxItems` of `ContractImportRows.rows`: the most rows one chunk of an import may carry.
    public static let contractImportChunkRows = 2000
}

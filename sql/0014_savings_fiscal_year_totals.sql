-- The network's savings by fiscal year, kept as entries are chained: the report councils ask for
-- most (`GET /reports/savings?groupBy=fiscalYear`, no filter) read a row per fiscal year instead of
-- summing the whole ledger (a million entries took 130–210 ms on two cores). The sums are signed
-- as the reports count them: an entry +1, its reversal −1 (savings_signed). A sealing run adds the
-- entries it chains, in its transaction and under the chain head's lock, so the totals always
-- equal the sums over the chained entries. Entries still queued are added when they are chained;
-- the server seals the queue before it reads the totals.
CREATE TABLE savings_fiscal_year_totals (
    fiscal_year integer PRIMARY KEY,
    baseline    bigint NOT NULL,
    negotiated  bigint NOT NULL,
    entries     bigint NOT NULL
);

INSERT INTO savings_fiscal_year_totals (fiscal_year, baseline, negotiated, entries)
SELECT e.fiscal_year, sum(e.signed_baseline), sum(e.signed_negotiated), sum(e.sign)
FROM savings_signed e JOIN savings_chain c ON c.entry_id = e.id
GROUP BY e.fiscal_year;

CREATE OR REPLACE FUNCTION savings_chain_seal_returning(batch integer)
RETURNS TABLE (entry_id bigint, chain_position bigint, chain_hash text)
LANGUAGE plpgsql
AS $$
DECLARE
    head savings_chain_head;
    entry savings_entries;
    sealed bigint[] := '{}';
BEGIN
    SELECT * INTO head FROM savings_chain_head FOR UPDATE;
    FOR entry IN
        SELECT e.* FROM savings_unsealed u JOIN savings_entries e ON e.id = u.entry_id
        ORDER BY u.entry_id
        LIMIT batch
    LOOP
        chain_position := head.last_position + 1;
        chain_hash := savings_entry_hash(entry, chain_position, head.last_hash);
        INSERT INTO savings_chain (position, entry_id, previous_hash, hash)
        VALUES (chain_position, entry.id, head.last_hash, chain_hash);
        DELETE FROM savings_unsealed u WHERE u.entry_id = entry.id;
        head.last_position := chain_position;
        head.last_hash := chain_hash;
        entry_id := entry.id;
        sealed := sealed || entry.id;
        RETURN NEXT;
    END LOOP;
    IF cardinality(sealed) > 0 THEN
        UPDATE savings_chain_head SET last_position = head.last_position, last_hash = head.last_hash;
        INSERT INTO savings_fiscal_year_totals AS t (fiscal_year, baseline, negotiated, entries)
        SELECT e.fiscal_year, sum(e.signed_baseline), sum(e.signed_negotiated), sum(e.sign)
        FROM savings_signed e WHERE e.id = ANY (sealed)
        GROUP BY e.fiscal_year
        ON CONFLICT (fiscal_year) DO UPDATE
        SET baseline = t.baseline + excluded.baseline, negotiated = t.negotiated + excluded.negotiated,
            entries = t.entries + excluded.entries;
    END IF;
END
$$;

-- The older form, which the benchmarks' bulk fills call: the same run, counted.
CREATE OR REPLACE FUNCTION savings_chain_seal(batch integer) RETURNS integer
LANGUAGE sql
AS $$ SELECT count(*)::integer FROM savings_chain_seal_returning(batch) $$;

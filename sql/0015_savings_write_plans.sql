-- Two plans of the write path that stale statistics turned into scans of the ledger, measured on
-- the national benchmark (a million entries filled at once, then one case receiving thousands of
-- new entries before autovacuum analyses the table again: it waits for a tenth of it to change).
--
-- 1. A sealing run reads the queued entries one primary-key lookup each, whatever the planner thinks
-- the queue holds. It used to join the queue to the ledger and let the planner choose how; with the
-- queue's statistics stale (a queue of thousands when last analysed, a few dozen now), it chose to
-- hash the queue and read the whole ledger (a million entries: 260 ms a run, under the chain head's
-- lock, so every writer waited for it). The `OFFSET 0` keeps the lookup a subquery run per queued
-- entry, which the planner cannot turn back into a join. The rest of the run is unchanged (0014).
--
-- 2. `savings_record` looks for the entry a new one would duplicate: the same case, municipality
-- and fiscal year, not reversed. Planned for the case it is given, whose statistics said it had no
-- entries, it walked all of that case's entries in id order (`savings_entries_case_idx`) looking
-- for one of the municipality and year: 5–50 ms a write once the case held 13,000, growing with
-- every write. Given the case as a value known only when the query runs, the planner estimates a
-- case's share of the ledger from the number of cases, and takes the index on all three columns
-- (0.1 ms). The rest of the function is unchanged (0013).
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
        SELECT e.*
        FROM (SELECT u.entry_id FROM savings_unsealed u ORDER BY u.entry_id LIMIT batch) q
        CROSS JOIN LATERAL (SELECT * FROM savings_entries e WHERE e.id = q.entry_id OFFSET 0) e
        ORDER BY q.entry_id
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

CREATE OR REPLACE FUNCTION savings_record(
    case_id bigint, municipality_code text, fiscal_year integer, effective_date date,
    baseline_amount bigint, negotiated_amount bigint, tax_included boolean, note text,
    token_id bigint, actor_name text, actor_municipality text,
    key_scope text, idempotency_key text, request_hash text
) RETURNS TABLE (
    outcome text, entry_id bigint, lead text, case_status text, municipality_name text,
    prefecture text, savings bigint, recorded_at timestamptz
)
LANGUAGE plpgsql
AS $$
DECLARE
    stored idempotency_keys;
    found_case cases;
    participant_status text;
BEGIN
    PERFORM set_config('procure.actor', token_id || ':' || actor_name, true);
    PERFORM pg_advisory_xact_lock(60001, hashtext(key_scope || E'\n' || idempotency_key));
    PERFORM pg_advisory_xact_lock(60002, hashtext(savings_record.case_id || ':' || savings_record.municipality_code
                                                  || ':' || savings_record.fiscal_year));
    SELECT m.name, m.prefecture INTO municipality_name, prefecture
    FROM municipalities m WHERE m.code = savings_record.municipality_code;
    municipality_name := coalesce(municipality_name, savings_record.municipality_code);

    SELECT * INTO stored FROM idempotency_keys k WHERE k.scope = key_scope AND k.key = idempotency_key;
    IF FOUND THEN
        outcome := CASE WHEN stored.request_hash = savings_record.request_hash THEN 'replayed' ELSE 'key_reused' END;
        entry_id := stored.entry_id;
        RETURN NEXT;
        RETURN;
    END IF;

    SELECT * INTO found_case FROM cases c WHERE c.id = savings_record.case_id;
    IF NOT FOUND THEN
        outcome := 'case_not_found';
        RETURN NEXT;
        RETURN;
    END IF;
    lead := found_case.lead_municipality_code;
    case_status := found_case.status;
    IF actor_municipality IS NOT NULL AND actor_municipality <> savings_record.municipality_code
       AND actor_municipality <> lead THEN
        outcome := 'forbidden';
        RETURN NEXT;
        RETURN;
    END IF;
    IF case_status NOT IN ('agreed', 'closed') THEN
        outcome := 'case_not_agreed';
        RETURN NEXT;
        RETURN;
    END IF;
    SELECT p.status INTO participant_status FROM case_participants p
    WHERE p.case_id = savings_record.case_id AND p.municipality_code = savings_record.municipality_code;
    IF participant_status IS DISTINCT FROM 'active' THEN
        outcome := 'not_a_participant';
        RETURN NEXT;
        RETURN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM case_agreements a
                   WHERE a.case_id = savings_record.case_id AND a.municipality_code = savings_record.municipality_code) THEN
        outcome := 'no_agreement';
        RETURN NEXT;
        RETURN;
    END IF;
    -- `(SELECT case_id)`: the planner plans for any case here, not for this one (see the top).
    SELECT e.id INTO entry_id FROM savings_entries e
    WHERE e.case_id = (SELECT savings_record.case_id) AND e.municipality_code = savings_record.municipality_code
      AND e.fiscal_year = savings_record.fiscal_year AND e.reverses_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM savings_entries r WHERE r.reverses_id = e.id)
    ORDER BY e.id
    LIMIT 1;
    IF entry_id IS NOT NULL THEN
        outcome := 'entry_exists';
        RETURN NEXT;
        RETURN;
    END IF;

    INSERT INTO savings_entries AS e (
        case_id, municipality_code, fiscal_year, effective_date, baseline_amount, negotiated_amount,
        tax_included, note, recorded_by, recorded_by_name)
    VALUES (
        savings_record.case_id, savings_record.municipality_code, savings_record.fiscal_year,
        savings_record.effective_date, savings_record.baseline_amount, savings_record.negotiated_amount,
        savings_record.tax_included, savings_record.note, token_id, actor_name)
    RETURNING e.id, e.savings, e.recorded_at INTO entry_id, savings, recorded_at;
    INSERT INTO idempotency_keys (scope, key, request_hash, entry_id)
    VALUES (key_scope, idempotency_key, savings_record.request_hash, entry_id);
    outcome := 'recorded';
    RETURN NEXT;
END
$$;

-- The savings ledger (tables in migrations 0008, 0012 and 0014): append-only, and hash-chained
-- after the entries commit.
--
-- An entry commits on its own and joins a queue (`savings_unsealed`) in its transaction; a sealing
-- run chains every queued entry in id order under the chain head's row lock, in one transaction,
-- so one WAL flush covers a whole batch instead of one per entry. The server seals after each
-- write and answers once its entry is sealed, so a response still carries its position and hash.

-- Entries and their chain are never changed or removed: a correction is a reversal entry.
CREATE OR REPLACE FUNCTION reject_savings_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'the savings ledger is append-only: % on % is not allowed; record a reversal instead',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE OR REPLACE TRIGGER savings_entries_append_only
BEFORE UPDATE OR DELETE ON savings_entries
FOR EACH ROW EXECUTE FUNCTION reject_savings_change();

CREATE OR REPLACE TRIGGER savings_entries_no_truncate
BEFORE TRUNCATE ON savings_entries
FOR EACH STATEMENT EXECUTE FUNCTION reject_savings_change();

CREATE OR REPLACE TRIGGER savings_chain_append_only
BEFORE UPDATE OR DELETE ON savings_chain
FOR EACH ROW EXECUTE FUNCTION reject_savings_change();

CREATE OR REPLACE TRIGGER savings_chain_no_truncate
BEFORE TRUNCATE ON savings_chain
FOR EACH STATEMENT EXECUTE FUNCTION reject_savings_change();

-- The canonical text an entry's hash covers at its chain position, and the hash. The only place
-- the chain is computed: the sealer and `GET /savings/verify` both call it. Dates and times are
-- formatted explicitly so the text does not depend on the session's DateStyle or TimeZone. It is
-- the text entries hashed when they were chained inside their own transactions (before 0012), so
-- those verify unchanged.
CREATE OR REPLACE FUNCTION savings_entry_hash(e savings_entries, chain_position bigint, previous text) RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT encode(sha256(convert_to(json_build_array(
        chain_position, e.id, e.case_id, e.municipality_code, e.fiscal_year,
        to_char(e.effective_date, 'YYYY-MM-DD'), e.baseline_amount, e.negotiated_amount, e.tax_included,
        e.note, e.reverses_id, e.reason, e.recorded_by, e.recorded_by_name,
        to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        previous)::text, 'UTF8')), 'hex')
$$;

-- Refuses a reversal that does not cancel an original entry exactly (one reversal per entry, none
-- of a reversal, the same figures), and queues every new entry for sealing.
CREATE OR REPLACE FUNCTION savings_entry_before_insert() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    original savings_entries;
BEGIN
    IF NEW.reverses_id IS NOT NULL THEN
        SELECT * INTO original FROM savings_entries WHERE id = NEW.reverses_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'savings entry % does not exist', NEW.reverses_id USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF original.reverses_id IS NOT NULL THEN
            RAISE EXCEPTION 'savings entry % is a reversal; a reversal cannot be reversed', NEW.reverses_id
                USING ERRCODE = 'check_violation';
        END IF;
        IF (original.case_id, original.municipality_code, original.fiscal_year, original.effective_date,
            original.baseline_amount, original.negotiated_amount, original.tax_included)
           IS DISTINCT FROM
           (NEW.case_id, NEW.municipality_code, NEW.fiscal_year, NEW.effective_date,
            NEW.baseline_amount, NEW.negotiated_amount, NEW.tax_included) THEN
            RAISE EXCEPTION 'a reversal repeats the figures of savings entry %', NEW.reverses_id
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    INSERT INTO savings_unsealed (entry_id) VALUES (NEW.id);
    RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER savings_entries_chain
BEFORE INSERT ON savings_entries
FOR EACH ROW EXECUTE FUNCTION savings_entry_before_insert();

-- Chains the queued entries (at most `batch`, in id order) under the head's row lock and returns
-- them in chain order with their positions and hashes. Run in its own transaction; concurrent
-- sealers wait for the lock, then find the queue emptied by the one before.
--
-- It also adds what it chains to `savings_fiscal_year_totals` (signed as the reports count: an
-- entry +1, its reversal -1), in its transaction and under the head's lock, so the totals always
-- equal the sums over the chained entries.
--
-- The queued entries are read one primary-key lookup each, whatever the planner thinks the queue
-- holds: joined to the ledger, stale statistics of the queue once made the planner hash the queue
-- and read the whole ledger, under the head's lock. `OFFSET 0` keeps the lookup a subquery run per
-- queued entry, which the planner cannot turn back into a join.
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

-- The same run, counted: the form the benchmarks' bulk fills call.
CREATE OR REPLACE FUNCTION savings_chain_seal(batch integer) RETURNS integer
LANGUAGE sql
AS $$ SELECT count(*)::integer FROM savings_chain_seal_returning(batch) $$;

-- Who may record or reverse a municipality's savings in a case: an admin (no municipality of its
-- own), a member for its own municipality, and the case's lead for any participant. The rule's one
-- statement: savings_record asks it, and so does a reversal.
CREATE OR REPLACE FUNCTION savings_actor_may_write(actor_municipality text, municipality_code text, lead text)
RETURNS boolean
LANGUAGE sql IMMUTABLE
AS $$ SELECT actor_municipality IS NULL OR actor_municipality IN (municipality_code, lead) $$;

-- Records a savings entry under an idempotency key, in one statement (one round trip, its plans
-- cached by PL/pgSQL per connection): run on its own (autocommit), it is the whole write's
-- transaction. It locks the key and the (case, municipality, fiscal year) until the end, so what
-- it checks still holds when it inserts. Returns what it came to, and what the caller needs to
-- explain a refusal:
--   replayed (entry_id: the key's entry), key_reused, case_not_found,
--   forbidden (lead: the case's lead), case_not_agreed (case_status), not_a_participant,
--   no_agreement, outside_agreement (a fiscal year the agreement does not cover),
--   differs_from_agreement (other figures than the agreement's, and no reason why),
--   entry_exists (entry_id: the live entry), recorded (entry_id: the new entry, with
--   the prefecture, the savings the database derives and the time it recorded, so the answer
--   needs no read-back).
-- `actor_municipality` is the caller's municipality, NULL for an admin (savings_actor_may_write
-- says who may record).
--
-- The look for a live entry of the same case, municipality and fiscal year is planned for any case
-- (`(SELECT case_id)`), not for the one given: planned for a case whose statistics said it had no
-- entries, it walked all of that case's entries, growing slower with every write.
CREATE OR REPLACE FUNCTION savings_record(
    case_id bigint, municipality_code text, fiscal_year integer, effective_date date,
    baseline_amount bigint, negotiated_amount bigint, tax_included boolean, note text, reason text,
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
    agreement case_agreements;
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
    IF NOT savings_actor_may_write(actor_municipality, savings_record.municipality_code, lead) THEN
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
    SELECT * INTO agreement FROM case_agreements a
    WHERE a.case_id = savings_record.case_id AND a.municipality_code = savings_record.municipality_code;
    IF NOT FOUND THEN
        outcome := 'no_agreement';
        RETURN NEXT;
        RETURN;
    END IF;
    -- An agreement covers the fiscal years it names; a saving outside them was not agreed.
    IF savings_record.fiscal_year NOT BETWEEN agreement.first_fiscal_year AND agreement.last_fiscal_year THEN
        outcome := 'outside_agreement';
        RETURN NEXT;
        RETURN;
    END IF;
    -- The entry states the agreed annual amount and the baseline the participant stated, if it
    -- stated one (compared with tax, at the rate of the effective date, so either basis may be
    -- used), or says why not.
    IF savings_record.reason IS NULL AND (
        tax_included_amount(savings_record.negotiated_amount, savings_record.tax_included, savings_record.effective_date)
            <> tax_included_amount(agreement.annual_amount, agreement.tax_included, savings_record.effective_date)
        OR (agreement.baseline_annual_amount IS NOT NULL
            AND tax_included_amount(savings_record.baseline_amount, savings_record.tax_included,
                                    savings_record.effective_date)
                <> tax_included_amount(agreement.baseline_annual_amount, agreement.baseline_tax_included,
                                       savings_record.effective_date))) THEN
        outcome := 'differs_from_agreement';
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
        tax_included, note, reason, recorded_by, recorded_by_name)
    VALUES (
        savings_record.case_id, savings_record.municipality_code, savings_record.fiscal_year,
        savings_record.effective_date, savings_record.baseline_amount, savings_record.negotiated_amount,
        savings_record.tax_included, savings_record.note, savings_record.reason, token_id, actor_name)
    RETURNING e.id, e.savings, e.recorded_at INTO entry_id, savings, recorded_at;
    INSERT INTO idempotency_keys (scope, key, request_hash, entry_id)
    VALUES (key_scope, idempotency_key, savings_record.request_hash, entry_id);
    outcome := 'recorded';
    RETURN NEXT;
END
$$;

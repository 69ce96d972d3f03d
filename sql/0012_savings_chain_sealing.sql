-- The savings ledger's hash chain is sealed in batches after entries commit, instead of one entry
-- at a time inside each entry's transaction.
--
-- Chaining in the entry's own transaction held the chain head's row lock across that
-- transaction's commit, so every entry waited for the previous one's WAL flush: the ledger took
-- at most one entry per flush (about 450 a second on a disk that flushes in 2.2 ms). Now an
-- entry commits on its own (entries of different municipalities commit side by side and share
-- WAL flushes), joins a queue (`savings_unsealed`) in the same transaction, and
-- `savings_chain_seal` chains every queued entry in id order under the head's lock, in one
-- transaction: one flush for a whole batch. The server seals after each write and answers once
-- its entry is sealed, so a response still carries the entry's position and hash.
--
-- The chain lives in its own append-only table; the hash covers the same canonical text as
-- before (position, entry content, previous hash), so entries chained before this migration
-- verify unchanged. It has no foreign key to the entries on purpose: an entry removed with the
-- triggers disabled leaves its chain row behind, and verify names it.

CREATE TABLE savings_chain (
    position      bigint PRIMARY KEY CHECK (position > 0),
    entry_id      bigint NOT NULL UNIQUE,
    previous_hash text NOT NULL,
    hash          text NOT NULL,
    sealed_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

INSERT INTO savings_chain (position, entry_id, previous_hash, hash, sealed_at)
SELECT chain_position, id, previous_hash, hash, recorded_at FROM savings_entries;

CREATE TRIGGER savings_chain_append_only
BEFORE UPDATE OR DELETE ON savings_chain
FOR EACH ROW EXECUTE FUNCTION reject_savings_change();

CREATE TRIGGER savings_chain_no_truncate
BEFORE TRUNCATE ON savings_chain
FOR EACH STATEMENT EXECUTE FUNCTION reject_savings_change();

-- Entries committed but not yet chained: written by the entry's insert, emptied by the sealer.
-- Every entry passes through it, so it is all dead rows but a few: vacuumed after every thousand
-- (not after a fifth of its size, PostgreSQL's default), or each seal would read the dead ones.
CREATE TABLE savings_unsealed (
    entry_id bigint PRIMARY KEY
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 1000,
        autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000);

-- The insert trigger keeps its reversal checks and queues the entry instead of chaining it.
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

DROP VIEW savings_signed;
DROP FUNCTION savings_entry_hash(savings_entries, text);
ALTER TABLE savings_entries
    DROP COLUMN chain_position,
    DROP COLUMN previous_hash,
    DROP COLUMN hash;

CREATE VIEW savings_signed AS
SELECT e.*,
       CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END AS sign,
       CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END * e.baseline_amount AS signed_baseline,
       CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END * e.negotiated_amount AS signed_negotiated,
       CASE WHEN e.reverses_id IS NULL THEN 1 ELSE -1 END * e.savings AS signed_savings
FROM savings_entries e;

-- The canonical text an entry's hash covers at its chain position, and the hash: the same text
-- as before this migration. The sealer and `GET /savings/verify` both call it.
CREATE FUNCTION savings_entry_hash(e savings_entries, chain_position bigint, previous text) RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT encode(sha256(convert_to(json_build_array(
        chain_position, e.id, e.case_id, e.municipality_code, e.fiscal_year,
        to_char(e.effective_date, 'YYYY-MM-DD'), e.baseline_amount, e.negotiated_amount, e.tax_included,
        e.note, e.reverses_id, e.reason, e.recorded_by, e.recorded_by_name,
        to_char(e.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        previous)::text, 'UTF8')), 'hex')
$$;

-- Chains the queued entries (at most `batch`, in id order) under the head's row lock and returns
-- how many it chained. Run in its own transaction; concurrent sealers wait for the lock, then
-- find the queue emptied by the one before.
CREATE FUNCTION savings_chain_seal(batch integer) RETURNS integer
LANGUAGE plpgsql
AS $$
DECLARE
    head savings_chain_head;
    entry savings_entries;
    sealed integer := 0;
    digest text;
BEGIN
    SELECT * INTO head FROM savings_chain_head FOR UPDATE;
    FOR entry IN
        SELECT e.* FROM savings_unsealed u JOIN savings_entries e ON e.id = u.entry_id
        ORDER BY u.entry_id
        LIMIT batch
    LOOP
        head.last_position := head.last_position + 1;
        digest := savings_entry_hash(entry, head.last_position, head.last_hash);
        INSERT INTO savings_chain (position, entry_id, previous_hash, hash)
        VALUES (head.last_position, entry.id, head.last_hash, digest);
        DELETE FROM savings_unsealed WHERE entry_id = entry.id;
        head.last_hash := digest;
        sealed := sealed + 1;
    END LOOP;
    IF sealed > 0 THEN
        UPDATE savings_chain_head SET last_position = head.last_position, last_hash = head.last_hash;
    END IF;
    RETURN sealed;
END
$$;

-- The live-entry check of a new entry reads one (case, municipality, fiscal year), not every entry
-- of the case.
CREATE INDEX savings_entries_entry_year_idx ON savings_entries (case_id, municipality_code, fiscal_year);

-- Records a savings entry under an idempotency key, in one statement (one round trip, its plans
-- cached by PL/pgSQL per connection): run on its own (autocommit), it is the whole write's
-- transaction. It locks the key and the (case, municipality, fiscal year) until the end, so what
-- it checks still holds when it inserts. Returns what it came to, and what the caller needs to
-- explain a refusal:
--   replayed (entry_id: the key's entry), key_reused, case_not_found,
--   forbidden (lead: the case's lead), case_not_agreed (case_status), not_a_participant,
--   no_agreement, entry_exists (entry_id: the live entry), recorded (entry_id: the new entry).
-- `actor_municipality` is the caller's municipality, NULL for an admin: a member records its own
-- municipality's entries, the case's lead any active participant's.
CREATE FUNCTION savings_record(
    case_id bigint, municipality_code text, fiscal_year integer, effective_date date,
    baseline_amount bigint, negotiated_amount bigint, tax_included boolean, note text,
    token_id bigint, actor_name text, actor_municipality text,
    key_scope text, idempotency_key text, request_hash text
) RETURNS TABLE (outcome text, entry_id bigint, lead text, case_status text, municipality_name text)
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
    SELECT name INTO municipality_name FROM municipalities m WHERE m.code = savings_record.municipality_code;
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
    SELECT e.id INTO entry_id FROM savings_entries e
    WHERE e.case_id = savings_record.case_id AND e.municipality_code = savings_record.municipality_code
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
    RETURNING e.id INTO entry_id;
    INSERT INTO idempotency_keys (scope, key, request_hash, entry_id)
    VALUES (key_scope, idempotency_key, savings_record.request_hash, entry_id);
    outcome := 'recorded';
    RETURN NEXT;
END
$$;

-- A replay answers with the entry the key recorded, read again (entries never change), so the key
-- keeps the entry's id instead of a copy of the response.
ALTER TABLE idempotency_keys
    DROP COLUMN response_status,
    DROP COLUMN response_body,
    ALTER COLUMN entry_id SET NOT NULL;

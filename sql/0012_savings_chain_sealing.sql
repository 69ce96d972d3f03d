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
CREATE TABLE savings_unsealed (
    entry_id bigint PRIMARY KEY
);

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

-- A replay answers with the entry the key recorded, read again (entries never change), so the key
-- keeps the entry's id instead of a copy of the response.
ALTER TABLE idempotency_keys
    DROP COLUMN response_status,
    DROP COLUMN response_body,
    ALTER COLUMN entry_id SET NOT NULL;

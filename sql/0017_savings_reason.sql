-- A savings entry states the agreement's figures, or says why it does not (issue 18): the reason
-- is kept in the entry's `reason`, which a reversal already uses for why it cancels its entry and
-- which the entry's hash already covers (savings_entry_hash), so the chain's text is unchanged and
-- entries chained before this migration verify as they did.
--
-- Until now only a reversal had a reason; now a reversal must have one and an entry may.
ALTER TABLE savings_entries DROP CONSTRAINT savings_entries_reversal_has_reason;
ALTER TABLE savings_entries ADD CONSTRAINT savings_entries_reversal_has_reason
    CHECK (reverses_id IS NULL OR reason IS NOT NULL);

-- savings_record takes the reason (sql/functions/savings.sql defines it again with it).
DROP FUNCTION savings_record(
    bigint, text, integer, date, bigint, bigint, boolean, text, bigint, text, text, text, text, text);

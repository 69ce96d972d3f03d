-- Joint negotiation cases: the timeline and the agreements are append-only. A mistake is corrected
-- by a later entry, never by rewriting what people read; these triggers refuse UPDATE, DELETE and
-- TRUNCATE whatever the code path.

CREATE OR REPLACE FUNCTION reject_case_record_change() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE OR REPLACE TRIGGER case_timeline_append_only
BEFORE UPDATE OR DELETE ON case_timeline
FOR EACH ROW EXECUTE FUNCTION reject_case_record_change();

CREATE OR REPLACE TRIGGER case_timeline_no_truncate
BEFORE TRUNCATE ON case_timeline
FOR EACH STATEMENT EXECUTE FUNCTION reject_case_record_change();

CREATE OR REPLACE TRIGGER case_agreements_append_only
BEFORE UPDATE OR DELETE ON case_agreements
FOR EACH ROW EXECUTE FUNCTION reject_case_record_change();

CREATE OR REPLACE TRIGGER case_agreements_no_truncate
BEFORE TRUNCATE ON case_agreements
FOR EACH STATEMENT EXECUTE FUNCTION reject_case_record_change();

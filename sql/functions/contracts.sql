-- The contract register's history: every change of a contract, who made it, when, and the row
-- before and after (`contract_history`). Written by a trigger, so no code path can change a
-- contract without leaving its history; the application names the actor with
-- set_config('procure.actor', '<token id>:<name>', true) in the same transaction.

-- The months of a term that is whole months, NULL for any other: the day after its end is its
-- start that many months later, as PostgreSQL adds months (2024-04-01 … 2027-03-31 is 36;
-- 2024-04-15 … 2025-04-14 is 12).
-- One expression (the months written out where they are used), so that PostgreSQL inlines it
-- into the generated columns instead of calling a function for every row written.
CREATE OR REPLACE FUNCTION term_months(start_date date, end_date date) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
               WHEN start_date + make_interval(months => ((extract(year FROM end_date + 1) - extract(year FROM start_date)) * 12
                                                          + extract(month FROM end_date + 1) - extract(month FROM start_date))::integer)
                    = end_date + 1
                    AND end_date >= start_date
               THEN ((extract(year FROM end_date + 1) - extract(year FROM start_date)) * 12
                     + extract(month FROM end_date + 1) - extract(month FROM start_date))::integer
           END
$$;

-- What a contract costs a year, so prices on different bases compare (`contracts.annual_amount`,
-- and `tax_included_annual_amount` with tax): monthly × 12; annual as is; a one-time amount spread
-- over its term, counted as at least a year — by whole months when the term is whole months
-- (amount × 12 ÷ months, so a three-year term with 29 February in it costs the same a year as one
-- without), else by days (amount × 365 ÷ days). Yen, rounded down.
CREATE OR REPLACE FUNCTION annualised_amount(amount bigint, billing_basis text, start_date date, end_date date)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE billing_basis
               WHEN 'monthly' THEN amount * 12
               WHEN 'annual' THEN amount
               -- (greatest() skips a NULL, so the months are tested first.)
               ELSE CASE WHEN term_months(start_date, end_date) IS NOT NULL
                         THEN amount * 12 / greatest(term_months(start_date, end_date), 12)
                         ELSE amount * 365 / greatest(end_date - start_date + 1, 365)
                    END
           END
$$;

CREATE OR REPLACE FUNCTION record_contract_history() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    actor text := nullif(current_setting('procure.actor', true), '');
    actor_id bigint;
    actor_name text;
BEGIN
    IF actor IS NOT NULL THEN
        actor_id := split_part(actor, ':', 1)::bigint;
        actor_name := substr(actor, length(split_part(actor, ':', 1)) + 2);
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO contract_history (contract_id, action, actor_id, actor_name, after)
        VALUES (NEW.id, 'created', actor_id, actor_name, to_jsonb(NEW));
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        IF to_jsonb(OLD) - 'updated_at' - 'version' = to_jsonb(NEW) - 'updated_at' - 'version' THEN
            RETURN NEW;
        END IF;
        INSERT INTO contract_history (contract_id, action, actor_id, actor_name, before, after)
        VALUES (NEW.id, 'updated', actor_id, actor_name, to_jsonb(OLD), to_jsonb(NEW));
        RETURN NEW;
    ELSE
        INSERT INTO contract_history (contract_id, action, actor_id, actor_name, before)
        VALUES (OLD.id, 'deleted', actor_id, actor_name, to_jsonb(OLD));
        RETURN OLD;
    END IF;
END
$$;

CREATE OR REPLACE TRIGGER contracts_history
AFTER INSERT OR UPDATE OR DELETE ON contracts
FOR EACH ROW EXECUTE FUNCTION record_contract_history();

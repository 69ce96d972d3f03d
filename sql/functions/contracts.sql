-- The contract register's history: every change of a contract, who made it, when, and the row
-- before and after (`contract_history`). Written by a trigger, so no code path can change a
-- contract without leaving its history; the application names the actor with
-- set_config('procure.actor', '<token id>:<name>', true) in the same transaction.

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

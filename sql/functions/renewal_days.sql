-- What the renewal radar reads, kept ready in `renewal_days` (see migration 0016): per vendor,
-- category and end date, the contracts ending that day and which municipalities hold them, as a
-- bitmap by `municipalities.ordinal`. The rows follow every change of `contracts` in the same
-- transaction, under the peer links' advisory lock (`lock_peer_links`, in peer_links.sql), so two
-- writers of the same day cannot each miss the other's contract.

-- The bitmap of one municipality's position.
CREATE OR REPLACE FUNCTION municipality_bit(ordinal integer) RETURNS bit(2048)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT B'1'::bit(2048) >> ordinal
$$;

-- The rows of the given (vendor, category, end date) triples, recomputed from `contracts` (by
-- `contracts_vendor_category_end_idx`). The triples must be distinct.
CREATE OR REPLACE FUNCTION renewal_days_refresh(vendor_ids bigint[], category_codes text[], end_dates date[]) RETURNS void
LANGUAGE sql VOLATILE
AS $$
    DELETE FROM renewal_days r
    USING unnest(vendor_ids, category_codes, end_dates) AS t (vendor_id, category_code, end_date)
    WHERE r.vendor_id = t.vendor_id AND r.category_code = t.category_code AND r.end_date = t.end_date;

    INSERT INTO renewal_days (vendor_id, category_code, end_date, contracts, annual_amount, municipality_count,
                              municipalities, municipality_codes)
    SELECT t.vendor_id, t.category_code, t.end_date, count(*), sum(c.tax_included_annual_amount),
           count(DISTINCT c.municipality_code), bit_or(municipality_bit(m.ordinal)),
           array_agg(DISTINCT c.municipality_code ORDER BY c.municipality_code)
    FROM unnest(vendor_ids, category_codes, end_dates) AS t (vendor_id, category_code, end_date)
    JOIN contracts c ON c.vendor_id = t.vendor_id AND c.category_code = t.category_code AND c.end_date = t.end_date
    JOIN municipalities m ON m.code = c.municipality_code
    GROUP BY t.vendor_id, t.category_code, t.end_date;
$$;

-- After each statement that changes contracts: the triples it touched are recomputed. An update
-- touches the triples of the rows whose vendor, category, end date, municipality or amount changed
-- (before and after the change); editing a title or a note touches none.
CREATE OR REPLACE FUNCTION renewal_days_follow_contracts() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
    vendor_ids bigint[];
    category_codes text[];
    end_dates date[];
BEGIN
    PERFORM lock_peer_links();
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(vendor_id), array_agg(category_code), array_agg(end_date)
        INTO vendor_ids, category_codes, end_dates
        FROM (SELECT DISTINCT vendor_id, category_code, end_date FROM new_contracts) AS changed;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(vendor_id), array_agg(category_code), array_agg(end_date)
        INTO vendor_ids, category_codes, end_dates
        FROM (SELECT DISTINCT vendor_id, category_code, end_date FROM old_contracts) AS changed;
    ELSE
        SELECT array_agg(vendor_id), array_agg(category_code), array_agg(end_date)
        INTO vendor_ids, category_codes, end_dates
        FROM (
            SELECT o.vendor_id, o.category_code, o.end_date
            FROM old_contracts o JOIN new_contracts n ON n.id = o.id
            WHERE (o.vendor_id, o.category_code, o.end_date, o.municipality_code, o.tax_included_annual_amount)
                  IS DISTINCT FROM (n.vendor_id, n.category_code, n.end_date, n.municipality_code, n.tax_included_annual_amount)
            UNION
            SELECT n.vendor_id, n.category_code, n.end_date
            FROM old_contracts o JOIN new_contracts n ON n.id = o.id
            WHERE (o.vendor_id, o.category_code, o.end_date, o.municipality_code, o.tax_included_annual_amount)
                  IS DISTINCT FROM (n.vendor_id, n.category_code, n.end_date, n.municipality_code, n.tax_included_annual_amount)
        ) AS changed;
    END IF;
    IF vendor_ids IS NOT NULL THEN
        PERFORM renewal_days_refresh(vendor_ids, category_codes, end_dates);
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER contracts_renewal_days_insert AFTER INSERT ON contracts
    REFERENCING NEW TABLE AS new_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION renewal_days_follow_contracts();
CREATE OR REPLACE TRIGGER contracts_renewal_days_update AFTER UPDATE ON contracts
    REFERENCING OLD TABLE AS old_contracts NEW TABLE AS new_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION renewal_days_follow_contracts();
CREATE OR REPLACE TRIGGER contracts_renewal_days_delete AFTER DELETE ON contracts
    REFERENCING OLD TABLE AS old_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION renewal_days_follow_contracts();

CREATE OR REPLACE FUNCTION renewal_days_forget() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM lock_peer_links();
    DELETE FROM renewal_days;
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER contracts_renewal_days_truncate AFTER TRUNCATE ON contracts
    FOR EACH STATEMENT EXECUTE FUNCTION renewal_days_forget();

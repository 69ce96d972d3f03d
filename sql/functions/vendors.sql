-- Functions of the vendor register.

-- The check digit of a corporate number (法人番号): the first of its 13 digits, over the other 12.
-- With Pn the n-th digit from the right of the 12-digit base and Qn = 1 for odd n, 2 for even n,
-- check = 9 - (sum of Pn * Qn) mod 9. `vendors.corporate_number` is checked by it.
CREATE OR REPLACE FUNCTION corporate_number_is_valid(number text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT number ~ '^[0-9]{13}$'
       AND substr(number, 1, 1)::int = 9 - (
           SELECT sum(substr(number, 14 - n, 1)::int * (CASE WHEN n % 2 = 1 THEN 1 ELSE 2 END))
           FROM generate_series(1, 12) AS n
       )::int % 9
$$;

-- 契約締結日: the date a contract was signed, as published contract lists (随意契約・入札結果の公表)
-- give it. Optional, and not the start of the term: a contract is often signed weeks before its
-- term starts, or after, when it continues an earlier one.
ALTER TABLE contracts ADD COLUMN signed_date date;
ALTER TABLE contract_import_rows ADD COLUMN signed_date date;

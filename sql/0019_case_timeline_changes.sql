-- What an `updated` entry of a case's timeline changed, field by field, so that each reader sees
-- it in their own language (issue 18): [{"field": "title", "before": "…", "after": "…"}, …], the
-- values as the case holds them (a deadline as YYYY-MM-DD, a target as `10%` or `¥500000`, a
-- description without its text). The body keeps the same in English words, as it always had, for
-- clients that read only it. Entries written before this have none.
ALTER TABLE case_timeline ADD COLUMN changes jsonb;

-- Item labels (JSON Merge Patch replaces the whole list). At most 10 tags of 1–30 characters, enforced by
-- the API; the constraint keeps the column bounded whatever writes it.
ALTER TABLE items ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
ALTER TABLE items ADD CONSTRAINT items_tags_bounded CHECK (cardinality(tags) <= 10);

-- An exception to notifying a subject rests on a ground and is weighed again on its review date:
-- from the day after, it no longer allows further use. Neither is personal data. Exceptions
-- logged before have neither, and count as past their review.
ALTER TABLE notifications ADD COLUMN ground TEXT;
ALTER TABLE notifications ADD COLUMN review_on TEXT;

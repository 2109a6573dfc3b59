-- The organisation's profile (org_name, org_address, dpo_contact, ombudsman_name, ombudsman_url,
-- timezone) is kept as text in `settings`; letters are signed with a member's full name and job
-- title. Staff details, kept plain like the login names (see ARCHITECTURE.md).
ALTER TABLE users ADD COLUMN full_name TEXT;
ALTER TABLE users ADD COLUMN title TEXT;

-- Up Migration

-- A GitHub login can be renamed and then taken by someone else; the numeric account id
-- cannot. clos.yml names members by login; the first "Sign in with GitHub" of a member
-- pins that login's account id here, and later sign-ins are matched by id: a new owner
-- of the login is refused, and the member keeps their roles after renaming.
ALTER TABLE people ADD COLUMN github_id bigint;
CREATE UNIQUE INDEX people_github_id_idx ON people (github_id) WHERE github_id IS NOT NULL;

-- Down Migration

DROP INDEX people_github_id_idx;
ALTER TABLE people DROP COLUMN github_id;

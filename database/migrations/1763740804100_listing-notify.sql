-- Up Migration

-- Tells every api replica that a table behind a cached listing changed (ADR 0026): the
-- pods listing (pods, repos, memberships, written by the policy sync) and knowledge search
-- (search_documents, written by the records' triggers). One NOTIFY per statement naming
-- the table; Postgres folds repeats within a transaction into one. The event log has its
-- own channel already (clos_event_log).
CREATE FUNCTION listing_notify_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('clos_listing_changed', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER pods_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pods
  FOR EACH STATEMENT EXECUTE FUNCTION listing_notify_changed();
CREATE TRIGGER repos_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON repos
  FOR EACH STATEMENT EXECUTE FUNCTION listing_notify_changed();
CREATE TRIGGER memberships_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION listing_notify_changed();
CREATE TRIGGER search_documents_listing_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_documents
  FOR EACH STATEMENT EXECUTE FUNCTION listing_notify_changed();

-- Down Migration

DROP TRIGGER search_documents_listing_changed ON search_documents;
DROP TRIGGER memberships_listing_changed ON memberships;
DROP TRIGGER repos_listing_changed ON repos;
DROP TRIGGER pods_listing_changed ON pods;
DROP FUNCTION listing_notify_changed();

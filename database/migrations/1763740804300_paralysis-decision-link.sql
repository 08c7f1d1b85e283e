-- Up Migration

-- A paralysis episode may name the decision of the decision log it is stuck on, so the
-- paralysis analysis can count episodes by decision type. The key includes the owner: an
-- episode can only ever point at a decision of the same person (leadership records are
-- private, ADR 0016). Deleting the decision (a restore replaces a person's decisions) keeps
-- the episode and unlinks it.
ALTER TABLE leadership_decisions ADD CONSTRAINT leadership_decisions_id_person_key UNIQUE (id, person_id);

-- Until now only an archive restore wrote decision_id, unchecked: a link to no decision of
-- the same person says nothing and would refuse the key below, so it is dropped.
UPDATE leadership_paralysis p SET decision_id = NULL
WHERE decision_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM leadership_decisions d WHERE d.id = p.decision_id AND d.person_id = p.person_id);

ALTER TABLE leadership_paralysis ADD CONSTRAINT leadership_paralysis_decision_fkey
  FOREIGN KEY (decision_id, person_id) REFERENCES leadership_decisions (id, person_id) ON DELETE SET NULL (decision_id);
CREATE INDEX leadership_paralysis_decision_idx ON leadership_paralysis (decision_id) WHERE decision_id IS NOT NULL;

-- Down Migration

DROP INDEX leadership_paralysis_decision_idx;
ALTER TABLE leadership_paralysis DROP CONSTRAINT leadership_paralysis_decision_fkey;
ALTER TABLE leadership_decisions DROP CONSTRAINT leadership_decisions_id_person_key;

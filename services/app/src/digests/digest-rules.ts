import type { AccessRules } from '../access/authorize-services.js';
import type { DigestServices } from './digest-service.js';

/**
 * Who may call the digest services: any valid caller reaches the methods, which then
 * allow only the person themself or a lead of their pod (see `digestService`); a run is
 * audited with its outcome (which writer, at what cost), never the digest's text.
 */
export const DIGEST_ACCESS_RULES: AccessRules<DigestServices> = {
  runDigest: {
    requires: { kind: 'token' },
    audit: {
      action: 'digest.run',
      target: (i) => `person:${i.personId}`,
      details: (i) => ({ kind: i.kind }),
      outcome: (r) => ({ status: r.status, digestId: r.digest?.id, writer: r.digest?.writer, costUsd: r.digest?.costUsd }),
    },
  },
  listDigests: { requires: { kind: 'token' } },
};

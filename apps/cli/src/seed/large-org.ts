import { validateClosConfig, type ClosConfig } from '@clos/domain';

/** The size of the large organisation at scale 1. */
export const LARGE_ORG = {
  pods: 50,
  projectsPerPod: 10,
  membersPerPod: 5,
  reposPerPod: 2,
} as const;

/** The org id of the large organisation (kept apart from the demo one). */
export const LARGE_ORG_ID = 'scale';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * A generated clos.yml for load: `round(50 × scale)` pods (at least one), each with five
 * members (a lead, three members, a viewer; the first pod's lead is an admin), two repos and
 * ten projects alternating the built-in templates.
 */
export function largeOrgConfig(scale = 1): ClosConfig {
  const pods = Math.max(1, Math.round(LARGE_ORG.pods * scale));
  return validateClosConfig(
    {
      org: LARGE_ORG_ID,
      timezone: 'UTC',
      pods: Array.from({ length: pods }, (_, p) => {
        const id = `team-${pad(p + 1)}`;
        return {
          id,
          name: `Team ${pad(p + 1)}`,
          wipLimit: 3 + (p % 4),
          perPersonWipLimit: 2,
          repos: Array.from({ length: LARGE_ORG.reposPerPod }, (_, r) => `scale/${id}-repo${r + 1}`),
          linearTeams: [`T${pad(p + 1)}`],
          members: Array.from({ length: LARGE_ORG.membersPerPod }, (_, m) => ({
            github: `${id}-dev${m + 1}`,
            role: m === 0 ? (p === 0 ? 'admin' : 'lead') : m === LARGE_ORG.membersPerPod - 1 ? 'viewer' : 'member',
          })),
        };
      }),
      projects: Array.from({ length: pods * LARGE_ORG.projectsPerPod }, (_, i) => {
        const pod = `team-${pad(Math.floor(i / LARGE_ORG.projectsPerPod) + 1)}`;
        return {
          id: `${pod}-p${pad((i % LARGE_ORG.projectsPerPod) + 1)}`,
          name: `Project ${(i % LARGE_ORG.projectsPerPod) + 1} of ${pod}`,
          pod,
          template: i % 3 === 2 ? 'spec' : 'delivery',
        };
      }),
    },
    'large-org.yml',
  );
}

import { z } from 'zod';
import { invalidInput, roleAtLeast, ROLES, type Role } from '@clos/domain';

/** The key of a role that holds in every pod. */
export const ANY_POD = '*';

/**
 * What a token may do: a role per pod id, and under `*` a role in every pod. `admin` is
 * organisation-wide (admins run the organisation, not one team), so it is given only
 * under `*`; a pod gets viewer, member or lead. A token with no role at all may only ask
 * who it is (GET /api/me).
 */
export type PodRoles = Readonly<Record<string, Role>>;

const POD_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Validates {@link PodRoles}; the messages name the pod at fault. */
export const podRolesSchema = z
  .record(z.string(), z.enum(ROLES))
  .superRefine((roles, ctx) => {
    for (const [pod, role] of Object.entries(roles)) {
      if (pod !== ANY_POD && !POD_ID.test(pod)) {
        ctx.addIssue({ code: 'custom', path: [pod], message: `"${pod}" is not a pod id` });
      } else if (pod !== ANY_POD && role === 'admin') {
        ctx.addIssue({ code: 'custom', path: [pod], message: `admin is organisation-wide: give it as "${ANY_POD}": "admin"` });
      }
    }
  });

/**
 * Parses role specs as the CLI takes them: `payments:lead`, `*:viewer`, or `admin`
 * (the same as `*:admin`). Throws InvalidInput naming the bad spec.
 */
export function parseRoleSpecs(specs: readonly string[]): PodRoles {
  const roles: Record<string, Role> = {};
  for (const spec of specs) {
    const trimmed = spec.trim();
    const [pod, role] = trimmed === 'admin' ? [ANY_POD, 'admin'] : splitSpec(trimmed);
    if (!(ROLES as readonly string[]).includes(role)) {
      throw invalidInput(`role "${spec}": "${role}" is not one of ${ROLES.join(', ')}`);
    }
    const previous = roles[pod];
    // Naming a pod twice keeps the stronger role rather than depending on the order.
    if (previous === undefined || roleAtLeast(role as Role, previous)) roles[pod] = role as Role;
  }
  const parsed = podRolesSchema.safeParse(roles);
  if (!parsed.success) {
    throw invalidInput(`roles: ${parsed.error.issues.map((i) => (i.path.length ? `${String(i.path[0])}: ${i.message}` : i.message)).join('; ')}`);
  }
  return parsed.data;
}

function splitSpec(spec: string): [string, string] {
  const colon = spec.lastIndexOf(':');
  if (colon <= 0) throw invalidInput(`role "${spec}": expected <pod>:<role>, *:<role> or admin`);
  return [spec.slice(0, colon), spec.slice(colon + 1)];
}

/** Whether the roles make their holder an organisation admin. */
export function isOrgAdmin(roles: PodRoles): boolean {
  return roles[ANY_POD] === 'admin';
}

/** The strongest role the holder has in `podId`: its own role there, or the role in every pod. */
export function roleInPod(roles: PodRoles, podId: string): Role | undefined {
  const own = Object.hasOwn(roles, podId) && podId !== ANY_POD ? roles[podId] : undefined;
  const everywhere = roles[ANY_POD];
  if (own === undefined) return everywhere;
  if (everywhere === undefined) return own;
  return roleAtLeast(own, everywhere) ? own : everywhere;
}

/** Pods a caller may see: every pod, or the listed ones. */
export type PodScope = 'all' | readonly string[];

/** The pods in which the holder has at least `minimum`. */
export function podsWithRole(roles: PodRoles, minimum: Role): PodScope {
  if (roleAtLeast(roles[ANY_POD], minimum)) return 'all';
  return Object.entries(roles)
    .filter(([pod, role]) => pod !== ANY_POD && roleAtLeast(role, minimum))
    .map(([pod]) => pod)
    .sort();
}

/** Whether `podId` is in the scope. */
export function inScope(scope: PodScope, podId: string | null | undefined): boolean {
  if (scope === 'all') return true;
  return podId != null && scope.includes(podId);
}

/** `payments:lead, *:viewer` — for listings. */
export function describeRoles(roles: PodRoles): string {
  return Object.entries(roles)
    .sort(([a], [b]) => (a === ANY_POD ? -1 : b === ANY_POD ? 1 : a.localeCompare(b)))
    .map(([pod, role]) => (pod === ANY_POD && role === 'admin' ? 'admin' : `${pod}:${role}`))
    .join(', ');
}

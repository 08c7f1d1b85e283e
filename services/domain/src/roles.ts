import { z } from 'zod';

/** Roles of a person in a pod, weakest first: each role can do what the ones before it can. */
export const ROLES = ['viewer', 'member', 'lead', 'admin'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Validates a {@link Role}. */
export const roleSchema = z.enum(ROLES);

/** Whether `role` is at least `required` (an admin may do what a lead may). */
export function roleAtLeast(role: Role | undefined, required: Role): boolean {
  return role !== undefined && ROLES.indexOf(role) >= ROLES.indexOf(required);
}

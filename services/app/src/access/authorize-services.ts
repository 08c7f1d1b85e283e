import { ClosError, forbidden, notFound, roleAtLeast, unavailable, type Role } from '@clos/domain';
import type { AuditInput } from '@clos/platform';
import { messageEnvelope } from './message-envelope.js';
import type { Principal } from './principal.js';
import { podsWithRole, roleInPod, type PodRoles, type PodScope } from './token-roles.js';

/** What a service method learns about its caller once the wrapper let the call through. */
export interface CallContext {
  principal: Principal;
  /** `token:<id>`: who acted, as the audit log and workflows record it. */
  actor: string;
  sourceIp?: string;
  correlationId: string;
  /** Pods the caller holds the rule's role in: what a listing may show. */
  pods: PodScope;
  /** The pod a pod or project rule resolved, and the caller's role there. */
  podId?: string;
  role?: Role;
}

/** A service method: the caller's context first, then one input object. */
export type ServiceMethod<I, O> = (ctx: CallContext, input: I) => Promise<O>;

/** Who may call a method. */
export type Requirement<I> =
  /** Any valid token. */
  | { kind: 'token' }
  /** The role in every pod (`*`); `admin` is the organisation admin. */
  | { kind: 'org'; role: Role }
  /** The role in the pod the input names. */
  | { kind: 'pod'; role: Role; podOf: (input: I) => string }
  /** The role in the pod owning the project the input names. */
  | { kind: 'project'; role: Role; projectOf: (input: I) => string }
  /** The role in the pod owning the repository (`owner/name`) the input names. */
  | { kind: 'repo'; role: Role; repoOf: (input: I) => string }
  /**
   * The role in at least one pod (a listing, narrowed to those pods); when the input
   * filters on a pod or a project, the role in that pod.
   */
  | { kind: 'somePod'; role: Role; podOf?: (input: I) => string | undefined; projectOf?: (input: I) => string | undefined };

/**
 * What the audit log records of a call: every call, whether it succeeded or was refused; a
 * mutation twice, its intent (`<action>.intended`) before it runs and its outcome after.
 */
export interface AuditSpec<I, O> {
  /** Dotted, e.g. `pod.policy.set`. */
  action: string;
  target: (input: I) => string;
  /** What of the input to record (the whole input when omitted); never secrets. */
  details?: (input: I) => Record<string, unknown>;
  /** What of the result to record. */
  outcome?: (result: O) => Record<string, unknown>;
}

/** The access rule of one service method. */
export interface AccessRule<I, O> {
  requires: Requirement<I>;
  /** Set on mutations: each call is written to the audit log. */
  audit?: AuditSpec<I, O>;
}

type AnyService = Record<string, ServiceMethod<never, unknown>>;

/** One rule per method of `S`. */
export type AccessRules<S extends AnyService> = {
  [K in keyof S]: S[K] extends ServiceMethod<infer I, infer O> ? AccessRule<I, O> : never;
};

/** `S` with every method checked against its rule, the context filled in by the wrapper. */
export type Authorized<S extends AnyService> = {
  [K in keyof S]: S[K] extends ServiceMethod<infer I, infer O> ? (input: I) => Promise<O> : never;
};

/** Who calls, from where, and how the wrapper reaches what it needs. */
export interface AuthorizeOptions {
  principal: Principal;
  sourceIp?: string;
  correlationId: string;
  /** The pod owning a project, or `undefined` when there is no such project. */
  projectPod(projectId: string): string | undefined;
  /** The pod owning a repository, or `undefined` when no pod lists it (repo rules are refused then). */
  repoPod?(repo: string): string | undefined;
  /** Appends to the audit log. */
  audit(entry: AuditInput): Promise<void>;
  /**
   * The caller's roles as the live policy gives them now, for a caller whose roles come from
   * the policy (a GitHub login): `null` when the policy no longer lists them, `undefined` to
   * keep the roles the principal carries (API tokens).
   */
  liveRoles?(principal: Principal): PodRoles | null | undefined;
  /** Told of every refusal (metrics). */
  onForbidden?(operation: string): void;
  /**
   * Told when an audit write fails. A refusal still stands; a mutation whose intent cannot be
   * recorded is not made (Unavailable); one made whose outcome cannot be recorded still
   * answers its result, its intent being on record.
   */
  onAuditError?(error: unknown): void;
}

/**
 * Wraps services so every call is checked against its access rule before it runs: the
 * one place roles are enforced (handlers never check them). A refusal is a Forbidden
 * error and an `auth.forbidden` audit entry; a call to an audited method is recorded
 * with its outcome, success or refusal alike.
 */
export function authorizeServices<S extends AnyService>(services: S, rules: AccessRules<S>, options: AuthorizeOptions): Authorized<S> {
  const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const operation of Object.keys(rules)) {
    const method = services[operation] as unknown as ServiceMethod<unknown, unknown>;
    const rule = rules[operation] as unknown as AccessRule<unknown, unknown>;
    wrapped[operation] = async (input) => {
      const ctx = await admit(operation, rule.requires, input, options);
      if (rule.audit === undefined) return method(ctx, input);
      return audited(operation, rule.audit, ctx, input, () => method(ctx, input), options);
    };
  }
  return wrapped as Authorized<S>;
}

/** The rule of each method of `S` asked without calling it; `input` needs only the fields the rule reads (the pod, the project). */
export interface AccessCheck<S extends AnyService> {
  /**
   * Refuses as a call of `operation` with `input` would (Forbidden, `auth.forbidden`
   * recorded) without making the call: before a form whose submission makes it.
   */
  check<K extends keyof S & string>(operation: K, input: Partial<InputOf<S[K]>>): Promise<void>;
  /**
   * Whether the rule lets the caller make the call; nothing is recorded. For what to offer
   * (a button, a default pod), never instead of the call's own check.
   */
  permits<K extends keyof S & string>(operation: K, input: Partial<InputOf<S[K]>>): Promise<boolean>;
}

type InputOf<M> = M extends ServiceMethod<infer I, unknown> ? I : never;

/** Asks the access rules of `S` for one caller, as {@link authorizeServices} applies them. */
export function accessCheck<S extends AnyService>(rules: AccessRules<S>, options: AuthorizeOptions): AccessCheck<S> {
  const requirement = (operation: string) => (rules[operation] as unknown as AccessRule<unknown, unknown>).requires;
  const quiet: AuthorizeOptions = { ...options, audit: async () => undefined, onForbidden: undefined, onAuditError: undefined };
  return {
    async check(operation, input) {
      await admit(operation, requirement(operation), input, options);
    },
    async permits(operation, input) {
      try {
        await admit(operation, requirement(operation), input, quiet);
        return true;
      } catch (error) {
        if (error instanceof ClosError && (error.code === 'Forbidden' || error.code === 'NotFound')) return false;
        throw error;
      }
    },
  };
}

async function admit(operation: string, requires: Requirement<unknown>, input: unknown, options: AuthorizeOptions): Promise<CallContext> {
  const live = options.liveRoles?.(options.principal);
  if (live === null) return refuse(operation, 'belongs to someone the policy in force no longer lists', { needed: 'member' }, options);
  const principal = live === undefined ? options.principal : { ...options.principal, roles: live };
  const base = {
    principal,
    actor: principal.actor,
    correlationId: options.correlationId,
    ...(options.sourceIp !== undefined ? { sourceIp: options.sourceIp } : {}),
  };
  if (requires.kind === 'token') return { ...base, pods: podsWithRole(principal.roles, 'viewer') };

  const pods = podsWithRole(principal.roles, requires.role);
  let podId: string | undefined;
  if (requires.kind === 'pod') podId = requires.podOf(input);
  if (requires.kind === 'project') podId = podOfProject(requires.projectOf(input), options);
  if (requires.kind === 'repo') podId = podOfRepo(requires.repoOf(input), options);
  if (requires.kind === 'somePod') {
    const project = requires.projectOf?.(input);
    podId = requires.podOf?.(input) ?? (project !== undefined ? podOfProject(project, options) : undefined);
  }

  if (requires.kind === 'org') {
    if (pods === 'all') return { ...base, pods };
    return refuse(operation, `needs the ${requires.role} role in every pod`, { needed: requires.role }, options);
  }
  if (podId === undefined) {
    // A listing across pods: allowed when the caller has the role somewhere.
    if (pods === 'all' || pods.length > 0) return { ...base, pods };
    return refuse(operation, `needs the ${requires.role} role in at least one pod`, { needed: requires.role }, options);
  }
  const role = roleInPod(principal.roles, podId);
  if (roleAtLeast(role, requires.role)) return { ...base, pods, podId, role: role! };
  return refuse(
    operation,
    `needs the ${requires.role} role in pod ${podId}${role === undefined ? '' : ` (it has ${role})`}`,
    { needed: requires.role, had: role ?? null, podId },
    options,
  );
}

function podOfProject(projectId: string, options: AuthorizeOptions): string {
  const podId = options.projectPod(projectId);
  if (podId === undefined) throw notFound(`No project "${projectId}"`, { projectId });
  return podId;
}

function podOfRepo(repo: string, options: AuthorizeOptions): string {
  const podId = options.repoPod?.(repo);
  if (podId === undefined) throw notFound(`No pod lists repository "${repo}": CLOS does not gate it`, { repo });
  return podId;
}

async function refuse(operation: string, why: string, details: Record<string, unknown>, options: AuthorizeOptions): Promise<never> {
  const { principal } = options;
  options.onForbidden?.(operation);
  await auditRefusal(options, {
    actor: principal.actor,
    action: 'auth.forbidden',
    ...(typeof details.podId === 'string' ? { target: `pod:${details.podId}` } : {}),
    details: {
      operation,
      tokenName: principal.name,
      correlationId: options.correlationId,
      ...details,
      envelope: messageEnvelope({ sender: principal.actor, receiver: `clos:${operation}`, correlationId: options.correlationId }),
    },
    ...(options.sourceIp !== undefined ? { sourceIp: options.sourceIp } : {}),
  });
  throw forbidden(`Token "${principal.name}" may not ${operation}: it ${why}`, { operation, ...details });
}

async function audited<I, O>(operation: string, spec: AuditSpec<I, O>, ctx: CallContext, input: I, run: () => Promise<O>, options: AuthorizeOptions): Promise<O> {
  const entry = {
    actor: ctx.actor,
    action: spec.action,
    target: spec.target(input),
    ...(ctx.sourceIp !== undefined ? { sourceIp: ctx.sourceIp } : {}),
  };
  const recorded = spec.details?.(input) ?? (input as Record<string, unknown>);
  const details = {
    tokenName: ctx.principal.name,
    correlationId: ctx.correlationId,
    ...(ctx.role !== undefined ? { role: ctx.role } : {}),
    input: recorded,
    // The call as a message: who sent what to which operation, tied to the caller's chain by correlation id.
    envelope: messageEnvelope({ sender: ctx.actor, receiver: `clos:${operation}`, payload: recorded, correlationId: ctx.correlationId }),
  };
  // Write-ahead: the call is on record before anything changes, or nothing changes. Most
  // changes live in Temporal, which no database transaction can span; the intent and its
  // outcome share the correlation id.
  try {
    await options.audit({ ...entry, action: `${spec.action}${INTENT_SUFFIX}`, details });
  } catch (error) {
    options.onAuditError?.(error);
    throw unavailable('The audit log cannot be written right now, so nothing was changed; try again shortly', { operation });
  }
  let result: O;
  try {
    result = await run();
  } catch (error) {
    const outcome = error instanceof ClosError ? { outcome: 'refused', error: { code: error.code, message: error.message } } : { outcome: 'failed' };
    await auditRefusal(options, { ...entry, details: { ...details, ...outcome } });
    throw error;
  }
  // The change is made and its intent recorded: a lost outcome entry is reported, not
  // answered as a failure the caller would retry.
  await auditRefusal(options, { ...entry, details: { ...details, outcome: 'done', ...(spec.outcome ? { result: spec.outcome(result) } : {}) } });
  return result;
}

/** Appended to a mutation's action for the entry written before it runs: `pod.policy.set.intended`. */
export const INTENT_SUFFIX = '.intended';

async function auditRefusal(options: AuthorizeOptions, entry: AuditInput): Promise<void> {
  try {
    await options.audit(entry);
  } catch (error) {
    options.onAuditError?.(error);
  }
}

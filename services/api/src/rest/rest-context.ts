import type { FastifyRequest } from 'fastify';
import type { Authorized } from '@clos/app';
import type { AuditInput } from '@clos/platform';
import type { ClosServices } from './services/clos-services.js';

/** What the route modules need: the caller's view of the services, checked by their rules. */
export interface RestContext {
  /**
   * The caller's services. Their audit entries carry the request's correlation id, or the one
   * given (an MCP call's own, from its `_meta`).
   */
  services(request: FastifyRequest, options?: { correlationId?: string }): Authorized<ClosServices>;
  /** Appends an entry about the authenticated caller's request to the audit log (its actor, address and token name filled in). */
  record(request: FastifyRequest, entry: Omit<AuditInput, 'actor' | 'sourceIp'>): Promise<void>;
}

/** OpenAPI security requirement of every /api route. */
export const BEARER = [{ bearerAuth: [] }];

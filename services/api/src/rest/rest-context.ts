import type { FastifyRequest } from 'fastify';
import type { Authorized } from '@clos/app';
import type { ClosServices } from './services/clos-services.js';

/** What the route modules need: the caller's view of the services, checked by their rules. */
export interface RestContext {
  services(request: FastifyRequest): Authorized<ClosServices>;
}

/** OpenAPI security requirement of every /api route. */
export const BEARER = [{ bearerAuth: [] }];

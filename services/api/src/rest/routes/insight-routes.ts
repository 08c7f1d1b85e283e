import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BEARER, type RestContext } from '../rest-context.js';
import { authErrorResponses, errorBodySchema, inputErrorResponses } from '../schemas/common.js';
import {
  funnelSchema,
  healthOverviewSchema,
  healthScanResultSchema,
  podFlowQuerySchema,
  podFlowSchema,
  podHealthQuerySchema,
  podHealthSchema,
  streamQuerySchema,
} from '../schemas/insight-schemas.js';
import { podParamsSchema } from '../schemas/pod-schemas.js';
import type { EventStreamHub } from '../stream/event-stream-hub.js';

const tags = ['insights'];
const notFound = { 404: errorBodySchema.describe('No such pod') };

/** Pod health, flow and DORA, the stage funnel and the live activity stream. */
export function insightRoutes(
  rest: RestContext,
  hub: EventStreamHub,
  /** Starts watching the caller's credential for the life of its stream; the stream ends when it is revoked. */
  watchCredential?: (request: FastifyRequest, onEnded: () => void) => () => void,
): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        schema: {
          tags,
          summary: 'Health of every pod the token can see: latest score, failing metrics and the trend of the last 14 scans',
          description: 'Scores come from the health scan, run at start, hourly and on demand (POST /api/health/scan; docs/health-score.md); a pod not scanned yet has score null.',
          security: BEARER,
          response: { 200: healthOverviewSchema, ...authErrorResponses },
        },
      },
      (request) => rest.services(request).getHealth({}),
    );

    app.post(
      '/health/scan',
      {
        schema: {
          tags,
          summary: 'Score every pod now (admin; audited)',
          description:
            'Runs the health scan the hourly schedule runs, stores a snapshot per pod and answers the scores. ' +
            'A call made while a scan runs waits for that scan; 503 when no worker finishes it within a minute.',
          security: BEARER,
          response: { 200: healthScanResultSchema, ...authErrorResponses, 503: errorBodySchema.describe('The scan did not finish in time') },
        },
      },
      (request) => rest.services(request).scanHealth({}),
    );

    app.get(
      '/pods/:podId/health',
      {
        schema: {
          tags,
          summary: "A pod's latest health scan and its history, newest first",
          security: BEARER,
          params: podParamsSchema,
          querystring: podHealthQuerySchema,
          response: { 200: podHealthSchema, ...inputErrorResponses, ...notFound },
        },
      },
      (request) => rest.services(request).getPodHealth({ ...request.params, ...request.query }),
    );

    app.get(
      '/pods/:podId/flow',
      {
        schema: {
          tags,
          summary: "A pod's flow (cycle time, throughput, WIP age) and DORA metrics over the last `days` days",
          description:
            'Cycle time runs from a PR’s first activity to its merge; DORA counts production deployments ' +
            '(environments named prod…) from GitHub deployment statuses. See docs/health-score.md.',
          security: BEARER,
          params: podParamsSchema,
          querystring: podFlowQuerySchema,
          response: { 200: podFlowSchema, ...inputErrorResponses, ...notFound },
        },
      },
      (request) => rest.services(request).getPodFlow({ ...request.params, ...request.query }),
    );

    app.get(
      '/funnel',
      {
        schema: {
          tags,
          summary: 'The stage funnel of the projects the token can see, and the idea ledger’s counts',
          security: BEARER,
          response: { 200: funnelSchema, ...authErrorResponses },
        },
      },
      (request) => rest.services(request).getFunnel({}),
    );

    app.get(
      '/stream',
      {
        schema: {
          tags,
          summary: 'Live activity: one Server-Sent Event per new event of the pods the token can see',
          description:
            'text/event-stream. Each new row of the event log is sent as `event: activity` with `id:` its seq and ' +
            '`data:` {id, seq, type, occurredAt, receivedAt, subject, summary}. Send `Last-Event-ID` to resume after ' +
            'a seq; without it the stream starts with the next event. A `: keepalive` comment comes every 15 s.',
          security: BEARER,
          querystring: streamQuerySchema,
          headers: z.looseObject({
            'last-event-id': z.string().max(19).regex(/^\d{1,19}$/, 'must be the seq of an event').optional(),
          }),
          produces: ['text/event-stream'],
          response: {
            // What a client reads from the stream: one Server-Sent Event after another.
            200: z
              .object({
                id: z.string().optional().describe("The event's seq; send it back as Last-Event-ID to resume"),
                event: z.string().optional().describe('activity'),
                data: z.string().optional().describe('JSON: {id, seq, type, occurredAt, receivedAt, subject, summary}'),
                retry: z.number().int().optional().describe('Reconnect delay in ms (first event only)'),
              })
              .describe('An endless text/event-stream of Server-Sent Events'),
            ...inputErrorResponses,
          },
        },
      },
      async (request, reply) => {
        const { pods } = await rest.services(request).openStream(request.query);
        const lastEventId = request.headers['last-event-id'];
        const afterSeq = lastEventId !== undefined ? BigInt(lastEventId) : await hub.currentSeq();
        const raw = reply.raw;
        reply.hijack();
        // Hijacked replies skip fastify's header handling: carry the security headers over.
        raw.writeHead(200, {
          ...(reply.getHeaders() as Record<string, string | string[] | number>),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        raw.write('retry: 3000\n\n');
        const unsubscribe = hub.subscribe({
          pods,
          afterSeq,
          sink: {
            write: (chunk) => {
              if (!raw.writableEnded && !raw.destroyed) raw.write(chunk);
            },
            end: () => {
              if (!raw.writableEnded) raw.end();
            },
          },
        });
        const unwatch = watchCredential?.(request, () => {
          unsubscribe();
          if (!raw.writableEnded) raw.end('event: revoked\ndata: {}\n\n');
        });
        raw.once('close', () => {
          unwatch?.();
          unsubscribe();
        });
      },
    );
  };
}

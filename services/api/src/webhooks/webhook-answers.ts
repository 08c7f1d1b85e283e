import { ClosError, unauthorized, unavailable } from '@clos/domain';
import type { Logger } from '@clos/platform';

/** Body of a 2xx webhook answer. */
export interface WebhookAnswer {
  deliveryId: string;
  /** The delivery id was seen before; nothing changed. */
  duplicate: boolean;
  /** The domain events the delivery became (`webhook.unhandled` for one CLOS does not act on). */
  events: { id: string; type: string }[];
}

/** 401 for a delivery that could not be proven to come from the vendor. */
export function webhookUnauthorized(vendor: 'github' | 'linear', reason: string): ClosError {
  return unauthorized(`${vendor} webhook refused: ${reason}`);
}

/**
 * 503 when the bus could not take the events: the delivery id stays unclaimed, and the
 * status tells the sender to try again rather than that its request was wrong.
 */
export function publishFailed(error: unknown, logger: Logger | undefined): ClosError {
  logger?.error({ err: error }, 'webhook: publishing to the bus failed');
  if (error instanceof ClosError && error.code === 'Unavailable') return error;
  return unavailable('the event bus is unavailable; deliver again later');
}

/** One header's value; a header repeated or left empty counts as absent. */
export function singleHeader(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

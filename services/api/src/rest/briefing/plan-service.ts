import type { z } from 'zod';
import type { CallContext } from '@clos/app';
import type { planQuerySchema, planSchema } from '../schemas/briefing-schemas.js';
import type { ServiceDependencies } from '../services/service-context.js';
import { gatherPlanFacts } from './plan-facts.js';
import { resolvePerson } from './plan-subject.js';

/** Today's date in `timeZone`, YYYY-MM-DD. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A person's plan for today, as JSON: the facts a morning digest is written from. */
export function planService(deps: ServiceDependencies) {
  return {
    /** The plan of the named person (default: the token's own), narrowed to the pods the caller sees. */
    async getPlan(ctx: CallContext, input: z.output<typeof planQuerySchema>): Promise<z.output<typeof planSchema>> {
      const person = await resolvePerson(deps.pool, ctx, input.person);
      const now = deps.now();
      const facts = await gatherPlanFacts(deps.pool, { personId: person.id, scope: ctx.pods, now });
      return { person, day: localDay(now, deps.config.current().timezone), generatedAt: now.toISOString(), ...facts };
    },
  };
}

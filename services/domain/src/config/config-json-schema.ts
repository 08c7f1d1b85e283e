import { z } from 'zod';
import { closConfigSchema } from './config-schema.js';

/**
 * JSON Schema (draft 2020-12) of clos.yml as written, for editors and for the `clos/config`
 * check. It covers the shape of every field; the cross checks (unique ids, references that
 * resolve) run only in {@link parseClosConfig}.
 */
export function closConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(closConfigSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'clos.yml', description: 'CLOS policy as code: pods, WIP limits, stage templates and projects' };
}

import { z } from 'zod';
import { jsonFieldsOf, keepJsonFields } from './json-fields.js';

describe('jsonFieldsOf', () => {
  it('names the keys of object schemas, through optional, nullable, default, pipes, arrays and unions', () => {
    const schema = z.object({
      action: z.string(),
      pr: z
        .object({
          number: z.number(),
          user: z.object({ login: z.string() }).nullable(),
          labels: z.array(z.object({ name: z.string() })).optional(),
          state: z.enum(['open', 'closed']).default('open'),
          title: z.string().transform((t) => t.trim()),
        })
        .refine((pr) => pr.number > 0),
      either: z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]),
      both: z.intersection(z.object({ c: z.string() }), z.object({ d: z.string() })),
    });
    expect(jsonFieldsOf(schema)).toStrictEqual({
      action: true,
      pr: { number: true, user: { login: true }, labels: { name: true }, state: true, title: true },
      either: { a: true, b: true },
      both: { c: true, d: true },
    });
  });

  it('reads all of a value whose schema keeps or refuses unknown keys, or is not made of objects', () => {
    const schema = z.object({
      loose: z.looseObject({ a: z.string() }),
      strict: z.strictObject({ a: z.string() }),
      record: z.record(z.string(), z.number()),
      mixed: z.union([z.string(), z.object({ a: z.string() })]),
      lazy: z.lazy(() => z.object({ a: z.string() })),
    });
    expect(jsonFieldsOf(schema)).toStrictEqual({ loose: true, strict: true, record: true, mixed: true, lazy: true });
  });

  it('merges what several schemas read', () => {
    const a = z.object({ action: z.string(), pr: z.object({ number: z.number() }) });
    const b = z.object({ pr: z.object({ title: z.string() }), label: z.object({ name: z.string() }).optional() });
    expect(jsonFieldsOf(a, b)).toStrictEqual({ action: true, pr: { number: true, title: true }, label: { name: true } });
    expect(jsonFieldsOf(z.object({ pr: z.any() }), b)).toStrictEqual({ pr: true, label: { name: true } });
  });

  it('refuses schemas that read the whole document, and "__proto__" as a field', () => {
    expect(() => jsonFieldsOf(z.string())).toThrow('reads the whole document');
    expect(() => jsonFieldsOf(z.object({ ['__proto__']: z.string() }))).toThrow('"__proto__" cannot be a field');
  });

  it('lets a schema parse the fields kept of a document exactly as the whole document', () => {
    const schema = z.object({ action: z.string(), pr: z.object({ number: z.number().int(), labels: z.array(z.object({ name: z.string() })) }) });
    const good = { action: 'opened', extra: { big: [1, 2, 3] }, pr: { number: 7, url: 'u', labels: [{ name: 'a', color: 'red' }] } };
    const bad = { action: 'opened', pr: { number: 7.5, labels: [{ color: 'red' }] } };
    for (const document of [good, bad]) {
      const kept = keepJsonFields(document, jsonFieldsOf(schema));
      expect(schema.safeParse(kept)).toStrictEqual(schema.safeParse(document));
    }
    expect(keepJsonFields(good, jsonFieldsOf(schema))).toStrictEqual({ action: 'opened', pr: { number: 7, labels: [{ name: 'a' }] } });
  });
});

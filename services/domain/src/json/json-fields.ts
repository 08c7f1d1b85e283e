import type { z } from 'zod';

/**
 * The parts of a JSON document a reader needs: at an object, the keys it reads, each with
 * the parts of its value it reads (`true`: all of it); at an array, the same for every
 * element. A document *read for* some fields is the document with every object met along
 * them keeping only those keys ({@link keepJsonFields}).
 */
export type JsonFields = { readonly [key: string]: JsonFields | true };

/**
 * Everything the schemas read of their input, as {@link JsonFields}: an object schema's
 * keys (each with what its own schema reads), through optional, nullable, default, pipe
 * input, array, union and intersection. An object schema that keeps or refuses unknown keys
 * (`looseObject`, `strictObject`, a catchall) reads all of its value, as does anything else
 * (records, tuples, lazy schemas): a schema validates the same on its fields as on the whole
 * document, so the fields can stand in for the document.
 */
export function jsonFieldsOf(...schemas: readonly z.ZodType[]): JsonFields {
  let fields: JsonFields = {};
  for (const schema of schemas) {
    const read = readOf(schema);
    if (read === true) throw new Error('jsonFieldsOf: a schema reads the whole document, not fields of it');
    fields = mergeFields(fields, read);
  }
  return fields;
}

/** `value` with every object met along `fields` keeping only their keys (what decoding for those fields gives). */
export function keepJsonFields(value: unknown, fields: JsonFields | true): unknown {
  if (fields === true || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((element) => keepJsonFields(element, fields));
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    if (Object.hasOwn(value, key)) kept[key] = keepJsonFields((value as Record<string, unknown>)[key], fields[key]!);
  }
  return kept;
}

/** What the zod v4 definition reads; `true` for all of the value. */
function readOf(schema: z.ZodType): JsonFields | true {
  const def = (schema as unknown as { _zod: { def: ZodDef } })._zod.def;
  switch (def.type) {
    case 'object': {
      if (def.catchall !== undefined) return true;
      let fields: JsonFields = {};
      for (const [key, value] of Object.entries(def.shape ?? {})) fields = mergeFields(fields, { [key]: readOf(value) });
      return fields;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return readOf(def.innerType!);
    case 'pipe':
      return readOf(def.in!);
    case 'array':
      return readOf(def.element!);
    case 'union':
      return def.options!.map(readOf).reduce<JsonFields | true>((a, b) => mergeRead(a, b), {});
    case 'intersection':
      return mergeRead(readOf(def.left!), readOf(def.right!));
    default:
      return true;
  }
}

interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
}

function mergeRead(a: JsonFields | true, b: JsonFields | true): JsonFields | true {
  return a === true || b === true ? true : mergeFields(a, b);
}

function mergeFields(a: JsonFields, b: JsonFields): JsonFields {
  const merged: Record<string, JsonFields | true> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (key === '__proto__') throw new Error('jsonFieldsOf: "__proto__" cannot be a field');
    merged[key] = Object.hasOwn(merged, key) ? mergeRead(merged[key]!, value) : value;
  }
  return merged;
}

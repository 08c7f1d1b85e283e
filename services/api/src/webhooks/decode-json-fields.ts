import { keepJsonFields, type JsonFields } from '@clos/domain';

/**
 * Decodes only the named fields of a JSON document, straight from its bytes: what
 * `keepJsonFields(JSON.parse(text), fields)` gives, without building the rest. A webhook
 * delivery is some 20 KB of JSON of which the mapping reads a few hundred bytes; decoding
 * all of it was the largest cost of acknowledging one.
 *
 * Everything outside the fields is still checked as JSON (strings closed, no control
 * characters, escapes, numbers and literals well formed, brackets balanced), only not
 * decoded. Bytes that are not JSON, or nested deeper than {@link MAX_DEPTH}, take the plain
 * path: `JSON.parse` of the whole text, which throws the same `SyntaxError` as ever.
 */
export function decodeJsonFields(bytes: Buffer, fields: JsonFields): unknown {
  const root = compiled(fields);
  const out: { value: unknown } = { value: undefined };
  const end = readValue(bytes, 0, root, out);
  if (end !== GIVE_UP && skipSpace(bytes, end) === bytes.length) return out.value;
  return keepJsonFields(JSON.parse(bytes.toString('utf8')), fields);
}

/** Containers open at once beyond which the decoder hands over to `JSON.parse`. */
export const MAX_DEPTH = 512;

/** Returned instead of an index when the bytes are not (for this decoder) JSON. */
const GIVE_UP = -1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Bytes that end the plain run of a string: the quote, a backslash, control characters. */
const STRING_STOP = new Uint8Array(256);
STRING_STOP[QUOTE] = 1;
STRING_STOP[BACKSLASH] = 1;
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;

/** Bytes that may follow a backslash (`u` then needs four hex digits). */
const ESCAPABLE = new Uint8Array(256);
for (const c of '"\\/bfnrtu') ESCAPABLE[c.charCodeAt(0)] = 1;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

/** Containers being skipped, innermost last: the closing byte each expects. */
const closers = new Uint8Array(MAX_DEPTH);

/** {@link JsonFields} with each key's UTF-8 bytes, for comparing keys without decoding them. */
interface Node {
  keys: string[];
  /** By byte length: the indexes of the keys that long, and their bytes. */
  byLength: ({ index: number; bytes: Buffer }[] | undefined)[];
  children: (Node | true)[];
}

const cache = new WeakMap<JsonFields, Node>();

function compiled(fields: JsonFields): Node {
  let node = cache.get(fields);
  if (node === undefined) {
    const keys = Object.keys(fields);
    for (const key of keys) if (key === '__proto__') throw new Error('decodeJsonFields: "__proto__" cannot be a field');
    const byLength: Node['byLength'] = [];
    keys.forEach((key, index) => {
      const bytes = Buffer.from(key, 'utf8');
      (byLength[bytes.length] ??= []).push({ index, bytes });
    });
    node = {
      keys,
      byLength,
      children: keys.map((key) => (fields[key] === true ? true : compiled(fields[key] as JsonFields))),
    };
    cache.set(fields, node);
  }
  return node;
}

function skipSpace(b: Buffer, i: number): number {
  let c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  return i;
}

/**
 * From just after an opening quote to just after the closing one; a string with escapes
 * answers `-end - 2` (so callers know to unescape), bytes that cannot be a string GIVE_UP.
 * Small, so the compiler inlines it: most of a document is strings.
 */
function skipString(b: Buffer, i: number): number {
  while (STRING_STOP[b[i]!] === 0) i++;
  return b[i] === QUOTE ? i + 1 : skipEscapedString(b, i);
}

/** The rest of a string from a backslash (or a byte no string may hold: GIVE_UP). */
function skipEscapedString(b: Buffer, i: number): number {
  for (;;) {
    const c = b[i];
    if (c === QUOTE) return -(i + 1) - 2;
    if (c !== BACKSLASH) return GIVE_UP;
    const e = b[i + 1]!;
    if (ESCAPABLE[e] !== 1) return GIVE_UP;
    if (e === 0x75) {
      if (HEX[b[i + 2]!] !== 1 || HEX[b[i + 3]!] !== 1 || HEX[b[i + 4]!] !== 1 || HEX[b[i + 5]!] !== 1) return GIVE_UP;
      i += 6;
    } else {
      i += 2;
    }
    while (STRING_STOP[b[i]!] === 0) i++;
  }
}

/** The end of a string that may have escapes, from {@link skipString}'s answer. */
function stringEnd(answer: number): number {
  return answer >= 0 ? answer : -answer - 2;
}

/** From a number's first byte to just after it, or GIVE_UP (JSON's grammar: no leading zeros, no bare dot). */
function skipNumber(b: Buffer, i: number): number {
  let c = b[i];
  if (c === 0x2d) c = b[++i];
  if (c === 0x30) c = b[++i];
  else if (c !== undefined && c >= 0x31 && c <= 0x39) do c = b[++i]; while (c !== undefined && c >= 0x30 && c <= 0x39);
  else return GIVE_UP;
  if (c === 0x2e) {
    c = b[++i];
    if (c === undefined || c < 0x30 || c > 0x39) return GIVE_UP;
    do c = b[++i]; while (c !== undefined && c >= 0x30 && c <= 0x39);
  }
  if (c === 0x65 || c === 0x45) {
    c = b[++i];
    if (c === 0x2b || c === 0x2d) c = b[++i];
    if (c === undefined || c < 0x30 || c > 0x39) return GIVE_UP;
    do c = b[++i]; while (c !== undefined && c >= 0x30 && c <= 0x39);
  }
  return i;
}

/** From a scalar's first byte (not a string) to just after it: true, false, null or a number. */
function skipScalar(b: Buffer, i: number): number {
  const c = b[i];
  if (c === 0x74) return b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65 ? i + 4 : GIVE_UP;
  if (c === 0x66) return b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65 ? i + 5 : GIVE_UP;
  if (c === 0x6e) return b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c ? i + 4 : GIVE_UP;
  return skipNumber(b, i);
}

/** From whitespace before a key past its colon, or GIVE_UP. */
function skipKey(b: Buffer, i: number): number {
  let c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  if (c !== QUOTE) return GIVE_UP;
  const answer = skipString(b, i + 1);
  if (answer === GIVE_UP) return GIVE_UP;
  i = stringEnd(answer);
  c = b[i];
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
  return c === COLON ? i + 1 : GIVE_UP;
}

/**
 * Just past the JSON value at `i` (after any whitespace), checking it without decoding
 * it; GIVE_UP when it is not JSON. A loop with an explicit stack, not recursion, and the
 * whitespace loops written out: the skipped parts are most of the document.
 */
function skipValue(b: Buffer, i: number): number {
  let depth = 0;
  let c: number | undefined;
  for (;;) {
    c = b[i];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
    if (c === QUOTE) {
      const answer = skipString(b, i + 1);
      if (answer === GIVE_UP) return GIVE_UP;
      i = stringEnd(answer);
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      const close = c + 2; // } and ] follow { and [ by two
      c = b[++i];
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
      if (c === close) {
        i += 1;
      } else {
        if (depth === MAX_DEPTH) return GIVE_UP;
        closers[depth++] = close;
        if (close === CLOSE_OBJECT) {
          i = skipKey(b, i);
          if (i === GIVE_UP) return GIVE_UP;
        }
        continue;
      }
    } else {
      i = skipScalar(b, i);
      if (i === GIVE_UP) return GIVE_UP;
    }
    // A value ended: close what it ended, or step to the next member.
    for (;;) {
      if (depth === 0) return i;
      c = b[i];
      while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
      const close = closers[depth - 1];
      if (c === close) {
        i += 1;
        depth -= 1;
        continue;
      }
      if (c !== COMMA) return GIVE_UP;
      i += 1;
      if (close === CLOSE_OBJECT) {
        i = skipKey(b, i);
        if (i === GIVE_UP) return GIVE_UP;
      }
      break;
    }
  }
}

/** Decodes the value at `i` for `fields` into `out.value`; answers the index after it, or GIVE_UP. */
function readValue(b: Buffer, i: number, fields: Node | true, out: { value: unknown }): number {
  i = skipSpace(b, i);
  const c = b[i];
  if (c === QUOTE) {
    const answer = skipString(b, i + 1);
    if (answer === GIVE_UP) return GIVE_UP;
    const end = stringEnd(answer);
    out.value = answer >= 0 ? b.toString('utf8', i + 1, end - 1) : (JSON.parse(b.toString('utf8', i, end)) as string);
    return end;
  }
  if (fields !== true && c === OPEN_OBJECT) return readObject(b, i + 1, fields, out);
  if (fields !== true && c === OPEN_ARRAY) return readArray(b, i + 1, fields, out);
  if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
    const end = skipValue(b, i);
    if (end === GIVE_UP) return GIVE_UP;
    out.value = JSON.parse(b.toString('utf8', i, end));
    return end;
  }
  const end = skipScalar(b, i);
  if (end === GIVE_UP) return GIVE_UP;
  const c0 = b[i];
  out.value = c0 === 0x74 ? true : c0 === 0x66 ? false : c0 === 0x6e ? null : Number(b.toString('latin1', i, end));
  return end;
}

function readObject(b: Buffer, i: number, node: Node, out: { value: unknown }): number {
  const object: Record<string, unknown> = {};
  i = skipSpace(b, i);
  if (b[i] === CLOSE_OBJECT) {
    out.value = object;
    return i + 1;
  }
  for (;;) {
    i = skipSpace(b, i);
    if (b[i] !== QUOTE) return GIVE_UP;
    const answer = skipString(b, i + 1);
    if (answer === GIVE_UP) return GIVE_UP;
    const end = stringEnd(answer);
    const k = answer >= 0 ? plainKeyIndex(b, i + 1, end - 1, node) : node.keys.indexOf(JSON.parse(b.toString('utf8', i, end)) as string);
    i = skipSpace(b, end);
    if (b[i] !== COLON) return GIVE_UP;
    if (k < 0) {
      // Most members are strings: skipped here rather than through skipValue's stack.
      i = skipSpace(b, i + 1);
      if (b[i] === QUOTE) {
        const skipped = skipString(b, i + 1);
        if (skipped === GIVE_UP) return GIVE_UP;
        i = stringEnd(skipped);
      } else {
        i = skipValue(b, i);
        if (i === GIVE_UP) return GIVE_UP;
      }
    } else {
      i = readValue(b, i + 1, node.children[k]!, out);
      if (i === GIVE_UP) return GIVE_UP;
      object[node.keys[k]!] = out.value;
    }
    i = skipSpace(b, i);
    const d = b[i];
    if (d === COMMA) {
      i += 1;
      continue;
    }
    if (d !== CLOSE_OBJECT) return GIVE_UP;
    out.value = object;
    return i + 1;
  }
}

function readArray(b: Buffer, i: number, node: Node, out: { value: unknown }): number {
  const array: unknown[] = [];
  i = skipSpace(b, i);
  if (b[i] === CLOSE_ARRAY) {
    out.value = array;
    return i + 1;
  }
  for (;;) {
    i = readValue(b, i, node, out);
    if (i === GIVE_UP) return GIVE_UP;
    array.push(out.value);
    i = skipSpace(b, i);
    const d = b[i];
    if (d === COMMA) {
      i += 1;
      continue;
    }
    if (d !== CLOSE_ARRAY) return GIVE_UP;
    out.value = array;
    return i + 1;
  }
}

/** Which of `node`'s keys the unescaped key bytes `b[start, end)` are, or -1. */
function plainKeyIndex(b: Buffer, start: number, end: number, node: Node): number {
  const candidates = node.byLength[end - start];
  if (candidates === undefined) return -1;
  next: for (let k = 0; k < candidates.length; k++) {
    const { index, bytes } = candidates[k]!;
    for (let j = 0; j < bytes.length; j++) if (b[start + j] !== bytes[j]) continue next;
    return index;
  }
  return -1;
}

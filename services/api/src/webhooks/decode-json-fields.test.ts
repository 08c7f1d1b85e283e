import { createRequire } from 'node:module';
import fc from 'fast-check';
import { keepJsonFields, type JsonFields } from '@clos/domain';
import { githubPayloadFields } from '@clos/github';
import { decodeJsonFields, MAX_DEPTH } from './decode-json-fields.js';

const examples = createRequire(import.meta.url)('@octokit/webhooks-examples') as { name: string; examples: unknown[] }[];

/** What decoding `text` for `fields` must give: JSON.parse kept to the fields, or JSON.parse's own error. */
function reference(text: string, fields: JsonFields): { value: unknown } | { error: string } {
  try {
    return { value: keepJsonFields(JSON.parse(text), fields) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function decoded(bytes: Buffer, fields: JsonFields): { value: unknown } | { error: string } {
  try {
    return { value: decodeJsonFields(bytes, fields) };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

function expectSameAsJsonParse(text: string, fields: JsonFields, bytes = Buffer.from(text, 'utf8')): void {
  expect(decoded(bytes, fields)).toStrictEqual(reference(text, fields));
}

/** Every key any example uses at the top two levels, all of each value: reads far more than the mapper does. */
const WIDE: JsonFields = {
  action: true,
  pull_request: { head: { repo: { owner: true } }, labels: { name: true }, user: true, number: true, title: true, body: true },
  repository: { full_name: true, owner: { login: true }, topics: true, license: true, pushed_at: true },
  commits: { added: true, removed: true, modified: true, message: true },
  check_run: { pull_requests: { number: true, head: true }, output: true, name: true },
  issue: { labels: true, user: { login: true }, number: true, body: true },
};

describe('decodeJsonFields', () => {
  it('gives what JSON.parse gives, kept to the fields, for every GitHub example payload, compact and indented', () => {
    let checked = 0;
    for (const { name, examples: payloads } of examples) {
      for (const payload of payloads) {
        for (const text of [JSON.stringify(payload), JSON.stringify(payload, null, 2), JSON.stringify(payload, null, '\t').replaceAll('\n', '\r\n')]) {
          expectSameAsJsonParse(text, githubPayloadFields(name));
          expectSameAsJsonParse(text, WIDE);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('decodes escapes, non-ASCII text and numbers exactly as JSON.parse does', () => {
    const text = String.raw`{"act\u0069on":"op\"en\\ed\n","n":-0,"big":12345678901234567890,"e":1.5E-3,"f":0.25,"t":true,"u":null,
      "é":"ünïcødé 🎉","\ud83c\udf89":{"a":[1,{"b":"\u00e9"}]},"pull_request":{"title":"tab\there","labels":[{"name":"a\/b"},7,null,[]]}}`;
    const fields: JsonFields = { action: true, n: true, big: true, e: true, f: true, t: true, u: true, é: true, '🎉': { a: { b: true } }, pull_request: { title: true, labels: { name: true } } };
    expectSameAsJsonParse(text, fields);
    expect(decodeJsonFields(Buffer.from(text), fields)).toMatchObject({ action: 'op"en\\ed\n', é: 'ünïcødé 🎉', '🎉': { a: [1, { b: 'é' }] } });
  });

  it('keeps the last of duplicated keys, like JSON.parse', () => {
    expectSameAsJsonParse('{"action":"first","x":{"action":1},"action":"last"}', { action: true });
    expectSameAsJsonParse('{"a":{"b":1,"c":2},"a":{"c":3}}', { a: { b: true } });
  });

  it('returns values of another shape than the fields expect as they are, for the schema to refuse', () => {
    expectSameAsJsonParse('{"pull_request":"not an object","repository":[{"full_name":"a/b","id":1},3]}', {
      pull_request: { number: true },
      repository: { full_name: true },
    });
    expectSameAsJsonParse('[{"action":"x"},{"other":1}]', { action: true });
    expectSameAsJsonParse('"just a string"', { action: true });
  });

  it('refuses what JSON.parse refuses, with the same error', () => {
    const malformed = [
      '',
      '   ',
      '{',
      '{"action":"opened"',
      '{"action":"opened",}',
      '{"action" "opened"}',
      '{action:"opened"}',
      "{'action':'opened'}",
      '{"action":"opened"} trailing',
      '{"action":"opened"}}',
      '{"skipped":[1,2,]}',
      '{"skipped":{"a":1,,"b":2}}',
      '{"skipped":01}',
      '{"skipped":1.}',
      '{"skipped":.5}',
      '{"skipped":1e}',
      '{"skipped":-}',
      '{"skipped":+1}',
      '{"skipped":tru}',
      '{"skipped":nul}',
      '{"skipped":NaN}',
      '{"skipped":"bad \\x escape"}',
      '{"skipped":"bad \\u12G4 escape"}',
      '{"skipped":"raw\tcontrol"}',
      '{"skipped":"unterminated}',
      '{"skipped":[{"a":1]}',
      '{"skipped":[1}',
      '{"skipped":1 /* comment */}',
      '\uFEFF{"action":"opened"}',
      '{"action":"x"}\u0000',
    ];
    for (const text of malformed) {
      expect(reference(text, { action: true })).toHaveProperty('error');
      expectSameAsJsonParse(text, { action: true });
    }
  });

  it('hands documents nested deeper than it tracks to JSON.parse, with the same answer', () => {
    const deep = `{"action":"x","skipped":${'['.repeat(MAX_DEPTH + 5)}1${']'.repeat(MAX_DEPTH + 5)}}`;
    expectSameAsJsonParse(deep, { action: true });
    expectSameAsJsonParse(deep.slice(0, -1), { action: true });
  });

  it('agrees with JSON.parse on arbitrary documents and fields', () => {
    const key = fc.constantFrom('a', 'b', 'action', 'é', 'a"b', 'k\\', '');
    const fieldsArb = fc.letrec<{ fields: JsonFields }>((tie) => ({
      fields: fc.dictionary(key, fc.oneof({ depthSize: 'small' }, fc.constant(true as const), tie('fields')), { maxKeys: 4 }),
    })).fields;
    const valueArb = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 2 }),
        fc.dictionary(key, tie('value'), { maxKeys: 5 }),
        fc.array(tie('value'), { maxLength: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(valueArb, fieldsArb, fc.constantFrom(undefined, 1, ' \t'), (value, fields, indent) => {
        expectSameAsJsonParse(JSON.stringify(value, null, indent) ?? 'null', fields);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with JSON.parse, value or error, on GitHub payloads with one byte changed', () => {
    const payload = JSON.stringify(examples.find((d) => d.name === 'pull_request')!.examples[0]);
    const fields = githubPayloadFields('pull_request');
    const interesting = [...'{}[]":,\\0123456789-+.eEtfnu \t\n\u0000\u001f'].map((c) => c.charCodeAt(0));
    fc.assert(
      fc.property(fc.nat({ max: payload.length - 1 }), fc.oneof(fc.constantFrom(...interesting), fc.integer({ min: 0, max: 255 })), fc.boolean(), (at, byte, insert) => {
        const bytes = Buffer.from(payload, 'utf8');
        const changed = insert ? Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]) : Buffer.from(bytes);
        if (!insert) changed[at] = byte;
        expectSameAsJsonParse(changed.toString('utf8'), fields, changed);
      }),
      { numRuns: 3000 },
    );
  });
});

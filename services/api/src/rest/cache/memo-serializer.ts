import type { FastifySerializerCompiler } from 'fastify';

/**
 * Answers shared by many requests (the read cache's): serialized once, however often they
 * are sent. Only objects registered here are memoized — they are never changed after — so
 * no other answer can be sent stale.
 */
export class SharedAnswers {
  private readonly shared = new WeakSet<object>();

  /** Marks `answer` as shared and immutable from now on. */
  mark<T>(answer: T): T {
    if (typeof answer === 'object' && answer !== null) this.shared.add(answer);
    return answer;
  }

  /** Wraps a route serializer so a shared answer is serialized (and validated) once per route. */
  serializer<T>(compile: FastifySerializerCompiler<T>): FastifySerializerCompiler<T> {
    return (route) => {
      const serialize = compile(route);
      const done = new WeakMap<object, string>();
      return (data: unknown) => {
        if (typeof data !== 'object' || data === null || !this.shared.has(data)) return serialize(data);
        const held = done.get(data);
        if (held !== undefined) return held;
        const text = serialize(data);
        done.set(data, text);
        return text;
      };
    };
  }
}

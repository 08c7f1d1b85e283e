/** Request headers as Node and fastify hand them over: lower- or mixed-case names, repeated headers as arrays. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Reads one header case-insensitively. A repeated header yields its first value: a
 * signature sent twice is as suspicious as none, and the compare that follows decides.
 */
export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    const first = typeof value === 'string' ? value : value[0];
    if (first !== undefined) return first;
  }
  return undefined;
}

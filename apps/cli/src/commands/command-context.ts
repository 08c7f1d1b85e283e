import { ClosError } from '@clos/domain/errors';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { defaultConfigDir, readCredentials } from '../credentials.js';
import { createApiClient, DEFAULT_API_URL, type ApiClient } from '../http/api-client.js';

/** A command used wrongly (a missing or malformed flag): exit 2 with the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What every api-calling command group is built with. */
export interface CommandContext {
  io: CliIo;
  /** The api client: CLOS_API_URL / CLOS_TOKEN, else what "clos login" stored. */
  api(): Promise<ApiClient>;
  /** Where "clos login" keeps the token, and backups go by default. */
  configDir: string;
  /** Prints one JSON document with --json, else the human rendering. */
  emit(json: boolean | undefined, data: unknown, human: () => string): void;
  /**
   * A flag's value; when missing, asks for it on a terminal, otherwise a usage error
   * naming the flag.
   */
  need<T>(value: T | undefined, flag: string, ask: () => Promise<T>): Promise<T>;
}

/** Builds the context commands share. */
export function commandContext(io: CliIo): CommandContext {
  const configDir = io.configDir ?? defaultConfigDir();
  let client: ApiClient | undefined;
  return {
    io,
    configDir,
    async api() {
      if (client !== undefined) return client;
      // The two settings an api call needs, read as they are: loading the whole environment
      // schema would cost every command more than the call itself.
      const { apiUrl, token } = apiSettings(io.env ?? process.env);
      const stored = token === undefined ? await readCredentials(configDir) : undefined;
      client = createApiClient({
        baseUrl: apiUrl ?? stored?.apiUrl ?? DEFAULT_API_URL,
        token: token ?? stored?.token,
        ...(io.fetch !== undefined ? { fetch: io.fetch } : {}),
      });
      return client;
    },
    emit(json, data, human) {
      io.stdout(json === true ? `${JSON.stringify(data)}\n` : `${human()}\n`);
    },
    async need(value, flag, ask) {
      if (value !== undefined) return value;
      if (io.interactive === true) return ask();
      throw new UsageError(`missing ${flag} (not asked for: stdin is not a terminal)`);
    },
  };
}

/** `--json` on a command. */
export function withJson(command: Command): Command {
  return command.option('--json', 'print one JSON document on stdout');
}

/** A whole number within bounds from a flag; a usage error naming the flag otherwise. */
export function intFlag(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag}: "${value}" is not a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** One of a fixed set of values from a flag; a usage error listing them otherwise. */
export function choiceFlag<T extends string>(value: string | undefined, flag: string, choices: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`${flag}: "${value}" is not one of ${choices.join(', ')}`);
  return value as T;
}

/** A YYYY-MM-DD date from a flag; a usage error otherwise. */
export function dateFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new UsageError(`${flag}: "${value}" is not a date (YYYY-MM-DD)`);
  }
  return value;
}

/** Whether an error is one the api answered (shown as is, exit 1). */
export const isApiError = (error: unknown): error is ClosError => error instanceof ClosError;

/** CLOS_API_URL (an http(s) URL) and CLOS_TOKEN; blank is unset; a bad URL is named. */
export function apiSettings(env: Record<string, string | undefined>): { apiUrl?: string; token?: string } {
  const apiUrl = env.CLOS_API_URL?.trim() || undefined;
  const token = env.CLOS_TOKEN?.trim() || undefined;
  if (apiUrl !== undefined) {
    let protocol: string | undefined;
    try {
      protocol = new URL(apiUrl).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'http:' && protocol !== 'https:') throw new ClosError('InvalidInput', `Invalid environment:\n  CLOS_API_URL: must be an http(s) URL`);
  }
  return { ...(apiUrl !== undefined ? { apiUrl } : {}), ...(token !== undefined ? { token } : {}) };
}

import type * as InquirerPrompts from '@inquirer/prompts';

/**
 * The interactive prompts (@inquirer/prompts), loaded on first use: most runs pass every
 * flag and never ask, and should not pay for loading them at start.
 */

type Prompts = typeof InquirerPrompts;

const load = (): Promise<Prompts> => import('@inquirer/prompts');

export const input = ((...args: Parameters<Prompts['input']>) => load().then((p) => p.input(...args))) as unknown as Prompts['input'];
export const select = ((...args: Parameters<Prompts['select']>) => load().then((p) => p.select(...args))) as unknown as Prompts['select'];
export const number = ((...args: Parameters<Prompts['number']>) => load().then((p) => p.number(...args))) as unknown as Prompts['number'];
export const confirm = ((...args: Parameters<Prompts['confirm']>) => load().then((p) => p.confirm(...args))) as unknown as Prompts['confirm'];
export const password = ((...args: Parameters<Prompts['password']>) => load().then((p) => p.password(...args))) as unknown as Prompts['password'];

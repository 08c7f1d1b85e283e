import { input } from './prompts.js';
import type { Command } from 'commander';
import { withJson, type CommandContext } from './command-context.js';
import { renderFields, renderTable } from './render.js';

interface BreakerEvent {
  id: string;
  reason: string;
  signals: string[];
  activatedAt: string;
  deactivatedAt: string | null;
  signalsAtRecovery: string[] | null;
}

/** `clos emergency …`: the personal circuit breaker. */
export function registerEmergencyCommands(program: Command, ctx: CommandContext): void {
  const emergency = program.command('emergency').description('Your circuit breaker: simplified mode when health fails');

  withJson(emergency.command('activate').description('Enter simplified mode: one focus, the rest parked').option('--reason <text>', 'why now')).action(
    async (o: { reason?: string; json?: boolean }) => {
      const reason = await ctx.need(o.reason, '--reason TEXT', () => input({ message: 'Why now?', required: true }));
      const event = await (await ctx.api()).post<BreakerEvent>('/api/emergency', { reason });
      ctx.emit(o.json, event, () => `Circuit breaker active (failing: ${event.signals.join(', ') || 'none'}). Keep one focus; park the rest; "clos emergency deactivate" when recovered.`);
    },
  );

  withJson(emergency.command('check').description('Your health signals and the breaker')).action(async (o: { json?: boolean }) => {
    const check = await (await ctx.api()).get<{ signals: { name: string; failing: boolean; value: number | null }[]; failing: string[]; warn: boolean; active: BreakerEvent | null }>(
      '/api/emergency',
    );
    ctx.emit(o.json, check, () =>
      [
        renderFields(Object.fromEntries(check.signals.map((s) => [s.name, `${s.failing ? 'FAILING' : 'ok'} (${s.value ?? '-'})`]))),
        check.active !== null ? `\nActive since ${check.active.activatedAt}.` : check.warn ? `\n${check.failing.length} signals failing: consider "clos emergency activate".` : '\nBreaker off.',
      ].join(''),
    );
  });

  withJson(emergency.command('deactivate').description('Leave simplified mode, recording your recovery')).action(async (o: { json?: boolean }) => {
    const event = await (await ctx.api()).delete<BreakerEvent>('/api/emergency');
    ctx.emit(o.json, event, () => `Circuit breaker off; still failing: ${event.signalsAtRecovery?.join(', ') || 'none'}.`);
  });

  withJson(emergency.command('history').description('Your circuit-breaker activations')).action(async (o: { json?: boolean }) => {
    const { items } = await (await ctx.api()).get<{ items: BreakerEvent[] }>('/api/emergency/history');
    ctx.emit(o.json, items, () =>
      items.length === 0
        ? 'Never activated.'
        : renderTable(['ACTIVATED', 'DEACTIVATED', 'SIGNALS', 'AT RECOVERY', 'REASON'], items.map((e) => [e.activatedAt.slice(0, 16), e.deactivatedAt?.slice(0, 16), e.signals.join(', '), e.signalsAtRecovery?.join(', '), e.reason])),
    );
  });
}

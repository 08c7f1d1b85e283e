import { setTimeout as sleep } from 'node:timers/promises';
import { forbidden } from '@clos/domain';
import { replyWithin, type ReplyChannel } from './reply.js';

function recorder() {
  const log: { what: 'ack' | 'respond'; message?: Record<string, unknown>; at: number }[] = [];
  const started = Date.now();
  const channel: ReplyChannel = {
    ack: async (message) => {
      log.push({ what: 'ack', ...(message !== undefined ? { message } : {}), at: Date.now() - started });
    },
    respond: async (message) => {
      log.push({ what: 'respond', message, at: Date.now() - started });
    },
  };
  return { log, channel };
}

describe('replyWithin', () => {
  it('puts a quick reply into the acknowledgement', async () => {
    const { log, channel } = recorder();
    await replyWithin(channel, 500, async () => ({ text: 'done' }), undefined);
    expect(log).toEqual([{ what: 'ack', message: { response_type: 'ephemeral', text: 'done' }, at: expect.any(Number) }]);
  });

  it('acknowledges empty within the budget and sends a slow reply to the response URL', async () => {
    const { log, channel } = recorder();
    await replyWithin(
      channel,
      50,
      async () => {
        await sleep(200);
        return { text: 'slow', inChannel: true };
      },
      undefined,
    );
    expect(log.map((l) => l.what)).toEqual(['ack', 'respond']);
    expect(log[0]!.message).toBeUndefined();
    expect(log[0]!.at).toBeLessThan(150);
    expect(log[1]!.message).toEqual({ response_type: 'in_channel', text: 'slow' });
  });

  it('answers a refusal with its message, and anything unexpected generically', async () => {
    const { log, channel } = recorder();
    await replyWithin(channel, 500, () => Promise.reject(forbidden('Only a lead can do that.')), undefined);
    await replyWithin(channel, 500, () => Promise.reject(new Error('socket hang up')), undefined);
    expect(log.map((l) => l.message?.text)).toEqual([':no_entry: Only a lead can do that.', ':boom: Something went wrong on our side; please try again in a minute.']);
  });

  it('acknowledges before work that must follow the acknowledgement', async () => {
    const { log, channel } = recorder();
    const order: string[] = [];
    await replyWithin(
      channel,
      500,
      async () => ({
        afterAck: async () => {
          order.push(`after ack (${log.length} acks so far)`);
          return undefined;
        },
      }),
      undefined,
    );
    expect(order).toEqual(['after ack (1 acks so far)']);
    expect(log.map((l) => l.what)).toEqual(['ack']);
  });
});

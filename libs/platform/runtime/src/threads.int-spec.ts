import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '@anime/contracts';
import { InProcessTransport } from '@anime/platform-messaging';
import { createLogger } from '@anime/platform-observability';
import { startThread, type RunningThread } from './threads';

// A thread script speaking the port protocol directly: serves `test.v1.ping.call` and, when asked
// to, dies without closing — a crash as the process sees it.
const SCRIPT = `
const { workerData } = require('node:worker_threads');
const { busPort, controlPort } = workerData;
busPort.postMessage({ t: 'serve', sid: 1, subject: 'test.v1.ping.call', queue: 'q' });
busPort.on('message', (m) => {
  if (m.t !== 'deliver') return;
  const text = Buffer.from(m.data).toString();
  busPort.postMessage({ t: 'reply', id: m.id, headers: {}, data: Buffer.from('pong from ' + require('node:worker_threads').threadId) });
  if (text === 'crash') setTimeout(() => process.exit(3), 10);
});
controlPort.on('message', (m) => {
  if (m.t === 'close') controlPort.postMessage({ t: 'closed' });
  if (m.t === 'metrics') controlPort.postMessage({ t: 'metrics', id: m.id, metrics: [] });
});
controlPort.postMessage({ t: 'ready' });
`;

describe('app threads (embedded mode)', () => {
  let thread: RunningThread | undefined;
  afterEach(async () => thread?.close(2_000));

  it('bridges a thread to the bus, withdraws its subjects when it dies, and starts it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'thread-'));
    const script = join(dir, 'ping.thread.js');
    writeFileSync(script, SCRIPT);
    const bus = new InProcessTransport();
    thread = startThread({ name: 'ping', script }, bus, {}, createLogger({ service: 'test', level: 'silent' }));
    await thread.ready;
    const ping = async (text: string) => Buffer.from((await bus.request('test.v1.ping.call', Buffer.from(text), {}, 2_000)).data).toString();
    const first = await ping('hello');
    expect(first).toMatch(/^pong from \d+$/);
    expect(await ping('crash')).toBe(first);
    // Dead: nobody serves the subject any more (a fast SERVICE_UNAVAILABLE, not a hang).
    await expect
      .poll(async () => ping('hello').then(() => 'answered', (error: unknown) => (error instanceof ServiceUnavailableError ? 'unavailable' : String(error))), { timeout: 900, interval: 20 })
      .toBe('unavailable');
    // Started again a second later, as a new thread.
    await expect.poll(async () => ping('hello').catch(() => 'down'), { timeout: 5_000, interval: 100 }).toMatch(/^pong from \d+$/);
    expect(await ping('hello')).not.toBe(first);
    expect(await thread.metrics()).toEqual([]);
  });
});

import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { bridgeThreadPort, type RawTransport } from '@anime/platform-messaging';
import type { Logger, MetricsJson } from '@anime/platform-observability';

/** A part of an embedded app that runs on its own worker thread (its own event loop, same process). */
export interface AppThread {
  /** For logs: "agent-orchestrator". */
  name: string;
  /** The compiled script the thread runs; it calls `runThread(definition)`. */
  script: string;
}

/** What a thread gets from its process. */
export interface ThreadData {
  name: string;
  env: Record<string, string | undefined>;
  busPort: MessagePort;
  controlPort: MessagePort;
  logFd?: number;
}

/** Control messages between the process and a thread. */
export type ControlMessage =
  | { t: 'ready' }
  | { t: 'failed'; message: string }
  | { t: 'metrics'; id: number; metrics?: MetricsJson }
  | { t: 'close' }
  | { t: 'closed' };

export interface RunningThread {
  readonly name: string;
  /** Resolves once the thread's app has started (its subjects are served); rejects if it failed to. */
  readonly ready: Promise<void>;
  /** The thread's registry as JSON (merged into the process's /metrics). */
  metrics(): Promise<MetricsJson>;
  /** Drains the thread's app (in-flight calls finish) and ends the thread, `terminate()` after `graceMs`. */
  close(graceMs: number): Promise<void>;
}

/**
 * Starts `thread` on a worker and bridges its transport to `bus`. A thread that dies on its own is
 * logged and started again after a second (its subjects answer `SERVICE_UNAVAILABLE` meanwhile).
 */
export function startThread(thread: AppThread, bus: RawTransport, env: Record<string, string | undefined>, logger: Logger, logFd?: number): RunningThread {
  let closing = false;
  let current: ReturnType<typeof spawn>;
  let nextId = 1;

  function spawn() {
    const busChannel = new MessageChannel();
    const control = new MessageChannel();
    const bridge = bridgeThreadPort(busChannel.port2, bus);
    const data: ThreadData = { name: thread.name, env, busPort: busChannel.port1, controlPort: control.port1, ...(logFd !== undefined ? { logFd } : {}) };
    const worker = new Worker(thread.script, { workerData: data, transferList: [busChannel.port1, control.port1] });
    const waiting = new Map<number, (metrics: MetricsJson) => void>();
    let onClosed: (() => void) | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      control.port2.on('message', (message: ControlMessage) => {
        if (message.t === 'ready') resolve();
        else if (message.t === 'failed') reject(new Error(`${thread.name} thread failed to start: ${message.message}`));
        else if (message.t === 'metrics') {
          waiting.get(message.id)?.(message.metrics ?? []);
          waiting.delete(message.id);
        } else if (message.t === 'closed') onClosed?.();
      });
      worker.once('exit', (code) => reject(new Error(`${thread.name} thread exited with code ${code} before it started`)));
    });
    ready.catch(() => undefined);
    worker.on('error', (error) => logger.error({ err: error, thread: thread.name }, 'thread crashed'));
    worker.once('exit', (code) => {
      void bridge.close();
      control.port2.close();
      for (const resolve of waiting.values()) resolve([]);
      waiting.clear();
      if (closing) return;
      logger.error({ thread: thread.name, code }, 'thread exited; starting it again in 1 s');
      setTimeout(() => {
        if (!closing) current = spawn();
      }, 1_000).unref();
    });
    return {
      worker,
      ready,
      metrics: (): Promise<MetricsJson> =>
        new Promise((resolve) => {
          const id = nextId++;
          waiting.set(id, resolve);
          control.port2.postMessage({ t: 'metrics', id } satisfies ControlMessage);
          setTimeout(() => {
            waiting.delete(id);
            resolve([]);
          }, 2_000).unref();
        }),
      close: async (graceMs: number): Promise<void> => {
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        const closed = new Promise<void>((resolve) => (onClosed = resolve));
        control.port2.postMessage({ t: 'close' } satisfies ControlMessage);
        const timer = setTimeout(() => void worker.terminate(), graceMs);
        // Drained: nothing of the thread's app is in flight any more; end it even if a handle lingers.
        await Promise.race([closed, exited]);
        clearTimeout(timer);
        await worker.terminate();
        await bridge.close();
      },
    };
  }

  current = spawn();
  return {
    name: thread.name,
    ready: current.ready,
    metrics: () => current.metrics(),
    close: async (graceMs) => {
      closing = true;
      await current.close(graceMs);
    },
  };
}

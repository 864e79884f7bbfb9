import 'reflect-metadata';
import { Global, Inject, Module, type DynamicModule, type INestApplication, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import type { z } from 'zod';
import { ConfigError, parseEnv, type RuntimeEnv } from '@anime/platform-config';
import { InProcessTransport, MessagingModule, NatsTransport, RPC_TRANSPORT, ThreadTransport, type RawTransport } from '@anime/platform-messaging';
import { ObservabilityModule, PinoNestLogger, createLogger, createMetrics, flushTelemetry, initTelemetry, type Logger, type Metrics } from '@anime/platform-observability';
import { startThread, type AppThread, type ControlMessage, type RunningThread, type ThreadData } from './threads';
import { applyHttpSettings, httpSettingsFromEnv, type HttpOptions } from './http/http-settings';
import { RuntimeHttpModule } from './http/runtime-http.module';
import { installProcessGuard } from './process-guard';
import { startIdleGc } from './idle-gc';

/** DI token of the app's parsed environment. */
export const APP_ENV = Symbol('APP_ENV');

export interface AppDefinition<S extends z.ZodObject> {
  /** App name: logs, queue group, x-caller. */
  app: string;
  /** The app's whole env schema (RuntimeEnvSchema extended with its services' variables). */
  envSchema: S;
  /** Service modules to boot, configured from the parsed env. */
  modules: (env: z.output<S>) => Array<Type | DynamicModule>;
  /**
   * `inprocess` (standalone) forces the in-process transport whatever TRANSPORT says; `thread` is
   * set by {@link runThread} for a module running on a worker thread of an embedded app.
   */
  transport?: 'inprocess' | 'thread';
  /**
   * Embedded mode only: parts of the app that run on their own worker threads (their own event
   * loop on another core), bridged to this process's in-process bus. Started before HTTP listens.
   */
  threads?: (env: z.output<S>) => AppThread[];
  /** Serve the process-level /health and /health/ready (false where the gateway serves its aggregate). */
  processHealth: boolean;
  /** Log destination; the stdio MCP server logs to stderr (2). */
  logFd?: number;
  /** false = boot everything but do not open the HTTP port (the stdio MCP server). */
  listen?: boolean;
  /** HTTP behaviour that is code, not configuration (e.g. the gateway's JSON-RPC path). */
  http?: HttpOptions;
}

export interface RunningApp {
  readonly app: INestApplication;
  readonly url: string;
  readonly transport: RawTransport;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** How long `close()` may take before the process gives up on in-flight work. */
  readonly shutdownGraceMs: number;
  close(): Promise<void>;
}

/** Closes the transport after Nest has drained the RPC server (beforeApplicationShutdown). */
@Global()
@Module({})
class TransportLifecycleModule implements OnApplicationShutdown {
  constructor(@Inject(RPC_TRANSPORT) private readonly transport: RawTransport) {}

  static forRoot(env: unknown): DynamicModule {
    return { module: TransportLifecycleModule, providers: [{ provide: APP_ENV, useValue: env }], exports: [APP_ENV] };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}

/**
 * Boots one deployable: parse env (fail fast listing every bad variable) → telemetry, logger,
 * metrics → transport (NATS, or in-process for standalone) → Nest app with the service modules →
 * HTTP listen. SIGTERM/SIGINT stop taking work, drain in-flight requests, close the broker.
 * HTTP settings (`HTTP_BODY_LIMIT`, `CORS_ORIGINS`) come from the parsed env where the app's
 * schema declares them (the gateway does), else defaults (256kb, CORS off).
 */
export async function runApp<S extends z.ZodObject>(
  definition: AppDefinition<S>,
  rawEnv: Record<string, string | undefined>,
): Promise<RunningApp> {
  const env = parseEnv(definition.app, definition.envSchema, rawEnv) as z.output<S> & RuntimeEnv;
  const httpSettings = httpSettingsFromEnv(env);
  initTelemetry({ otlpEndpoint: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT });
  const logger = createLogger({ service: definition.app, level: env.LOG_LEVEL, destinationFd: definition.logFd });
  const kind = definition.transport ?? env.TRANSPORT;
  // A thread's process-level metrics (CPU, memory, event loop) are the process's: reported once, there.
  const metrics = createMetrics(definition.app, { defaultMetrics: kind !== 'thread' });
  const transport: RawTransport =
    kind === 'inprocess'
      ? new InProcessTransport()
      : kind === 'thread'
        ? new ThreadTransport((workerData as ThreadData).busPort)
        : await NatsTransport.connect({ url: env.NATS_URL, name: definition.app, logger });
  const threads: RunningThread[] = kind === 'inprocess' ? (definition.threads?.(env) ?? []).map((t) => startThread(t, transport, rawEnv, logger, definition.logFd)) : [];
  for (const thread of threads) metrics.threads.push(() => thread.metrics());
  const closeThreads = () => Promise.all(threads.map((t) => t.close(env.SHUTDOWN_GRACE_MS)));

  @Module({
    imports: [
      ObservabilityModule.forRoot({ logger, metrics }),
      MessagingModule.forRoot({ app: definition.app, transport, subjectPrefix: env.SUBJECT_PREFIX, shutdownGraceMs: env.SHUTDOWN_GRACE_MS }),
      TransportLifecycleModule.forRoot(env),
      RuntimeHttpModule.forRoot({ processHealth: definition.processHealth }),
      ...definition.modules(env),
    ],
  })
  class RootModule {}

  // Our own body parsers (size limit from the env) instead of Nest's defaults; CORS the same way.
  const app = await NestFactory.create<NestExpressApplication>(RootModule, { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false });
  app.disable('x-powered-by');
  applyHttpSettings(app, httpSettings, definition.http);
  let url = '';
  try {
    // The threads boot alongside the main app; HTTP opens once both serve their subjects.
    await Promise.all([app.init(), ...threads.map((t) => t.ready)]);
  } catch (error) {
    await closeThreads();
    await app.close();
    throw error;
  }
  if (definition.listen !== false) {
    await app.listen(env.PORT, env.HOST);
    const address = app.getHttpServer().address() as AddressInfo;
    url = `http://${env.HOST}:${address.port}`;
  }
  logger.info({ url, transport: transport.kind, subjectPrefix: env.SUBJECT_PREFIX, threads: threads.map((t) => t.name) }, 'app started');
  // Each isolate (this one, and each worker thread's own runApp) gives its garbage back after load.
  const idleGc = startIdleGc({ onCollected: (freedBytes, tookMs) => logger.debug({ freedMb: Math.round(freedBytes / 2 ** 20), tookMs: Math.round(tookMs) }, 'idle after load: heap collected') });
  return {
    app,
    url,
    transport,
    logger,
    metrics,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    close: async () => {
      idleGc.stop();
      // Threads first: their in-flight work still reaches the main thread's services while they drain.
      await closeThreads();
      await app.close();
      await flushTelemetry();
    },
  };
}

/**
 * The entry of a worker-thread script (see {@link AppDefinition.threads}): boots `definition` on
 * the thread's port to its process's bus, without HTTP, and answers the process's control
 * messages (metrics, close).
 */
export function runThread<S extends z.ZodObject>(definition: AppDefinition<S>): void {
  const data = workerData as ThreadData | null;
  if (!data || !parentPort) throw new Error(`${definition.app}: runThread() runs on a worker thread started by runApp's \`threads\``);
  const control = data.controlPort;
  const post = (message: ControlMessage) => control.postMessage(message);
  runApp({ ...definition, transport: 'thread', listen: false, processHealth: false, threads: undefined, ...(data.logFd !== undefined ? { logFd: data.logFd } : {}) }, data.env).then(
    (running) => {
      control.on('message', (message: ControlMessage) => {
        if (message.t === 'metrics') void running.metrics.registry.getMetricsAsJSON().then((metrics) => post({ t: 'metrics', id: message.id, metrics }));
        if (message.t === 'close') {
          void running.close().finally(() => {
            running.logger.flush?.();
            post({ t: 'closed' });
          });
        }
      });
      post({ t: 'ready' });
    },
    (error: unknown) => {
      post({ t: 'failed', message: error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error)) });
    },
  );
}

/**
 * `main.ts` entry: runs the app, or prints a config/boot error and exits 1. On SIGTERM/SIGINT it
 * stops taking work, lets in-flight requests finish (up to SHUTDOWN_GRACE_MS), closes the broker
 * connection and exits 0; a second signal or an overrun exits 1 at once. `onStarted` runs once
 * the app listens (e.g. to print where to open it).
 */
export function main<S extends z.ZodObject>(definition: AppDefinition<S>, onStarted?: (running: RunningApp) => void): void {
  runApp(definition, process.env).then(
    (running) => {
      // From here on a stray error in one request's stream or socket is logged, never fatal.
      installProcessGuard(running.logger, running.metrics);
      onStarted?.(running);
      let stopping = false;
      const shutdown = (signal: NodeJS.Signals): void => {
        if (stopping) process.exit(1);
        stopping = true;
        running.logger.info({ signal }, 'shutting down');
        const overrun = setTimeout(() => {
          running.logger.error({ graceMs: running.shutdownGraceMs }, 'shutdown overran its grace period');
          process.exit(1);
        }, running.shutdownGraceMs + 2_000);
        overrun.unref();
        running.close().then(
          () => {
            running.logger.info('stopped');
            running.logger.flush?.();
            process.exit(0);
          },
          (error: unknown) => {
            running.logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
    },
    (error: unknown) => {
      const message = error instanceof ConfigError ? error.message : `${definition.app} failed to start: ${(error as Error).stack ?? String(error)}`;
      process.stderr.write(`${message}\n`);
      process.exit(1);
    },
  );
}

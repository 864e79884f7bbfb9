import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with one request through every service it touches. */
export interface RequestContext {
  /** Correlates logs across services; echoed to HTTP clients. */
  readonly requestId: string;
  /** Epoch ms by which the whole request must be answered. */
  readonly deadline?: number;
  /** Name of the app that made the call. */
  readonly caller?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `ctx` as the current request context (logs and outgoing calls pick it up). */
export function runWithRequestContext<T>(ctx: RequestContext, fn: () => T): T {
  return storage.run(ctx, fn);
}

/** The current request context, if code runs inside one. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

import CircuitBreaker from 'opossum';
import type { Registry } from 'prom-client';
import { AppError } from '@anime/contracts';
import type { Logger } from '@anime/platform-observability';
import { systemClock, type Clock } from './clock';
import { resilienceMetrics, type ResilienceMetrics } from './resilience-metrics';
import { isUpstreamHealthFailure, sourceUnavailable } from './upstream-errors';

/** The three breaker states, as `/health` reports them. */
export type BreakerState = 'closed' | 'open' | 'half-open';

/** Per-source breaker settings; defaults in {@link DEFAULT_BREAKER_OPTIONS}. */
export interface BreakerOptions {
  /** Breaker name: the source (`jikan`), or `source:host` for a scraper's host. */
  name: string;
  /** Consecutive counted failures that open the breaker. */
  failureThreshold?: number;
  /** How long it stays open before one probe call is let through (half-open). */
  resetTimeoutMs?: number;
  /** Which failures count; default {@link isUpstreamHealthFailure} (5xx, timeouts, network). */
  isFailure?: (error: unknown) => boolean;
  clock?: Clock;
  /** Gauges and counters are registered here (one set per registry). */
  registry?: Registry;
  logger?: Logger;
}

/** Defaults: open after 5 consecutive upstream failures, probe again after 30 s. */
export const DEFAULT_BREAKER_OPTIONS = { failureThreshold: 5, resetTimeoutMs: 30_000 } as const;

/** What `/health` shows for one breaker. */
export interface BreakerHealth {
  name: string;
  state: BreakerState;
  /** Counted failures in a row (resets on any success). */
  consecutiveFailures: number;
  totals: { successes: number; failures: number; ignored: number; rejected: number };
  lastError?: { code: string; message: string; at: string };
  /** When it opened, and when the next probe will be allowed (open state only). */
  openedAt?: string;
  retryAt?: string;
}

const STATE_VALUE: Readonly<Record<BreakerState, number>> = { closed: 0, 'half-open': 1, open: 2 };

type Action = () => Promise<unknown>;

/**
 * One circuit breaker (opossum) for one upstream. Opossum opens on an error *percentage* in a
 * rolling window; the contract here is "N consecutive failures", so the percentage trigger is
 * disabled (threshold 100 %) and this class opens the breaker itself on the Nth failure in a row.
 * Opossum still does the rest: fail-fast while open, the reset timer, the single half-open probe
 * (a failed probe re-opens, a successful one closes). Timeouts are the HTTP client's job, so
 * opossum's own timeout is off.
 */
export class SourceBreaker {
  readonly name: string;
  private readonly breaker: CircuitBreaker<[Action], unknown>;
  private readonly clock: Clock;
  private readonly threshold: number;
  private readonly resetTimeoutMs: number;
  private readonly metrics?: ResilienceMetrics;
  private readonly listeners = new Set<(state: BreakerState) => void>();
  private consecutive = 0;
  private readonly totals = { successes: 0, failures: 0, ignored: 0, rejected: 0 };
  private lastError?: BreakerHealth['lastError'];
  private openedAt?: number;

  constructor(options: BreakerOptions) {
    this.name = options.name;
    this.clock = options.clock ?? systemClock;
    this.threshold = options.failureThreshold ?? DEFAULT_BREAKER_OPTIONS.failureThreshold;
    this.resetTimeoutMs = options.resetTimeoutMs ?? DEFAULT_BREAKER_OPTIONS.resetTimeoutMs;
    const isFailure = options.isFailure ?? isUpstreamHealthFailure;
    this.metrics = options.registry ? resilienceMetrics(options.registry) : undefined;
    this.breaker = new CircuitBreaker<[Action], unknown>((action: Action) => action(), {
      name: options.name,
      timeout: false,
      resetTimeout: this.resetTimeoutMs,
      errorThresholdPercentage: 100,
      // Filtered errors are "successes" to opossum: they neither count nor keep it open.
      errorFilter: (error: unknown) => !isFailure(error),
      enableSnapshots: false,
    });
    this.breaker.on('success', (result: unknown) => {
      this.consecutive = 0;
      // opossum reports filtered errors as 'success' with the error as result.
      if (result instanceof Error) this.count('ignored');
      else this.count('success');
    });
    this.breaker.on('failure', (error: Error) => {
      this.consecutive++;
      this.count('failure');
      this.lastError = { code: error instanceof AppError ? error.code : error.name, message: error.message, at: new Date(this.clock.now()).toISOString() };
      if (this.consecutive >= this.threshold && this.breaker.closed) this.breaker.open();
    });
    this.breaker.on('reject', () => this.count('rejected'));
    this.breaker.on('open', () => {
      this.openedAt = this.clock.now();
      this.transition('open');
      options.logger?.warn({ breaker: this.name, consecutiveFailures: this.consecutive, lastError: this.lastError?.message }, 'upstream circuit opened');
    });
    this.breaker.on('halfOpen', () => this.transition('half-open'));
    this.breaker.on('close', () => {
      this.openedAt = undefined;
      this.consecutive = 0;
      this.transition('closed');
      options.logger?.info({ breaker: this.name }, 'upstream circuit closed');
    });
    this.metrics?.breakerState.set({ breaker: this.name }, STATE_VALUE.closed);
  }

  /** Current state. */
  get state(): BreakerState {
    if (this.breaker.halfOpen) return 'half-open';
    return this.breaker.opened ? 'open' : 'closed';
  }

  /**
   * Runs `action` through the breaker. While open (or while the half-open probe is in flight) it
   * fails fast with `SourceUnavailableError` (`details.reason = 'breaker-open'`, `retryAfterMs`
   * until the next probe) without calling `action`.
   */
  async execute<T>(action: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(action)) as T;
    } catch (error) {
      if (error instanceof Error && CircuitBreaker.isOurError(error)) {
        if ((error as Error & { code?: string }).code === 'ESHUTDOWN') {
          throw sourceUnavailable(this.name, 'breaker-open', `${this.name} client is shut down`, { breaker: 'shutdown' });
        }
        throw this.openError();
      }
      throw error;
    }
  }

  /** Snapshot for `/health`. */
  health(): BreakerHealth {
    const health: BreakerHealth = { name: this.name, state: this.state, consecutiveFailures: this.consecutive, totals: { ...this.totals } };
    if (this.lastError) health.lastError = { ...this.lastError };
    if (this.openedAt !== undefined) {
      health.openedAt = new Date(this.openedAt).toISOString();
      health.retryAt = new Date(this.openedAt + this.resetTimeoutMs).toISOString();
    }
    return health;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onStateChange(listener: (state: BreakerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops opossum's timers (reset timer, rolling stats); the breaker rejects calls afterwards. */
  shutdown(): void {
    this.listeners.clear();
    this.breaker.shutdown();
  }

  private openError(): AppError {
    if (this.state === 'half-open') {
      return sourceUnavailable(this.name, 'breaker-open', `${this.name} is recovering (a probe request is in flight); try again shortly`, { breaker: 'half-open' });
    }
    const retryAt = (this.openedAt ?? this.clock.now()) + this.resetTimeoutMs;
    const retryAfterMs = Math.max(0, retryAt - this.clock.now());
    const retryIso = new Date(retryAt).toISOString();
    return sourceUnavailable(
      this.name,
      'breaker-open',
      `${this.name} is unavailable (circuit open after repeated failures); next attempt at ${retryIso}`,
      { breaker: 'open', retryAt: retryIso, lastError: this.lastError?.message },
      { retryAfterMs },
    );
  }

  private count(outcome: 'success' | 'failure' | 'ignored' | 'rejected'): void {
    const key = outcome === 'success' ? 'successes' : outcome === 'failure' ? 'failures' : outcome;
    this.totals[key]++;
    this.metrics?.breakerCalls.inc({ breaker: this.name, outcome });
  }

  private transition(state: BreakerState): void {
    this.metrics?.breakerState.set({ breaker: this.name }, STATE_VALUE[state]);
    this.metrics?.breakerTransitions.inc({ breaker: this.name, state });
    for (const listener of this.listeners) listener(state);
  }
}

/** Creates the breaker of one source (see {@link SourceBreaker}). */
export function createCircuitBreaker(options: BreakerOptions): SourceBreaker {
  return new SourceBreaker(options);
}

/**
 * Breakers created on demand per key with shared settings — scrapers use one per host, so one
 * site being down does not stop the others. Names are `<prefix>:<key>`.
 */
export class BreakerGroup {
  private readonly breakers = new Map<string, SourceBreaker>();

  constructor(private readonly options: BreakerOptions) {}

  /** The breaker for `key` (e.g. a host name), created on first use. */
  forKey(key: string): SourceBreaker {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new SourceBreaker({ ...this.options, name: `${this.options.name}:${key}` });
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** Health of every breaker created so far. */
  health(): BreakerHealth[] {
    return [...this.breakers.values()].map((b) => b.health());
  }

  /** Shuts every breaker down. */
  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }
}

import { HttpException, HttpStatus, Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Gauge } from 'prom-client';
import { RateLimitedError, ServiceUnavailableError } from '@anime/contracts';
import type { Metrics } from '@anime/platform-observability';
import { GATEWAY_ENV, type GatewayEnv } from '../gateway.env';
import { admissionOf, clientKeyOf, ipOf, keyDigest, type WorkClass } from './admission';
import type { ClientRateLimiter, RateLimitDecision } from './client-rate-limiter';
import { ConcurrencyGate } from './concurrency-gate';

/** DI token of the gateway's admission state: the limiters and one gate per work class. */
export const ADMISSION = Symbol('ADMISSION');

/** Limiters and gates of one gateway process (built in rest.module from the env). */
export interface AdmissionState {
  /** Per-client budget on the public endpoints (points per window). */
  clients: ClientRateLimiter;
  /** Per-IP budget on /api/admin/*. */
  admin: ClientRateLimiter;
  /** Failed admin authentications per IP; spent → locked out for ADMIN_LOCKOUT_S. */
  adminFailures: ClientRateLimiter;
  gates: Record<WorkClass, ConcurrencyGate>;
  /** `gateway_admission_total{class,outcome}`. */
  outcomes: Counter<'class' | 'outcome'>;
}

/**
 * Registers the admission metrics: refusals counted (never logged per request) and the
 * saturation of each gate, read at scrape time.
 */
export function admissionMetrics(metrics: Metrics, gates: Record<WorkClass, ConcurrencyGate>): Counter<'class' | 'outcome'> {
  const gauge = (name: string, help: string, read: (gate: ConcurrencyGate) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['class'],
      registers: [metrics.registry],
      collect() {
        for (const [workClass, gate] of Object.entries(gates)) this.set({ class: workClass }, read(gate));
      },
    });
  };
  gauge('gateway_admission_in_flight', 'Units of work in progress per class (saturation: compare with the class concurrency).', (g) => g.stats.running);
  gauge('gateway_admission_queued', 'Requests waiting for a slot per class.', (g) => g.stats.queued);
  return new Counter({
    name: 'gateway_admission_total',
    help: 'Requests at the gateway door by class and outcome (admitted, rate_limited, shed, locked_out, aborted).',
    labelNames: ['class', 'outcome'],
    registers: [metrics.registry],
  });
}

/** Seconds a shed client should wait: the queue drains within one wait period. */
const shedRetryAfterS = (maxWaitMs: number): number => Math.max(1, Math.ceil(maxWaitMs / 1000));

/**
 * The gateway's door, one middleware ahead of every route:
 * - **JSON only** for /api/query, /api/batch and /api/admin bodies (415 otherwise), so a
 *   cross-site HTML form cannot post to them without a CORS preflight; /api/tools checks its own
 *   (it also takes multipart images).
 * - **Per-client budget** on /api/tools, /api/query, /api/batch, /mcp: one point per question
 *   or JSON-RPC message; only a key that authenticates gets its own bucket (unknown keys count
 *   against their IP). `RateLimit-*` headers; refused → 429 + Retry-After.
 * - **Load shedding**: a concurrency gate per work class (agent questions vs lookups) with a
 *   bounded queue and wait; beyond it → 503 + Retry-After at once.
 * - **Admin**: a strict per-IP budget and a lock-out after repeated failed keys.
 * Refusals are counted in `gateway_admission_total`, never logged one line each.
 */
@Injectable()
export class AdmissionMiddleware implements NestMiddleware {
  private readonly knownKeys: ReadonlySet<string>;
  private readonly outcomes: Counter<'class' | 'outcome'>;

  constructor(
    @Inject(ADMISSION) private readonly state: AdmissionState,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {
    this.knownKeys = new Set(env.ADMIN_API_KEYS.map(keyDigest));
    this.outcomes = state.outcomes;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const admission = admissionOf(req);
    if (admission.kind === 'open') return next();
    if (admission.kind === 'admin') return void this.admitAdmin(req, res).then(next, next);
    if (!isJsonOrEmpty(req) && !req.originalUrl.toLowerCase().startsWith('/api/tools') && !req.originalUrl.toLowerCase().startsWith('/mcp')) {
      return next(new HttpException('Send a JSON body (content-type: application/json)', HttpStatus.UNSUPPORTED_MEDIA_TYPE));
    }
    void this.admitPublic(req, res, admission.workClass, admission.cost, admission.weight).then(
      (admitted) => admitted && next(),
      (error: unknown) => next(error),
    );
  }

  private async admitPublic(req: Request, res: Response, workClass: WorkClass, cost: number, weight: number): Promise<boolean> {
    const decision = await this.state.clients.consume(clientKeyOf(req, this.knownKeys), cost);
    setRateHeaders(res, decision);
    if (!decision.allowed) {
      this.outcomes.inc({ class: workClass, outcome: 'rate_limited' });
      const resetS = Math.ceil(decision.resetMs / 1000);
      res.setHeader('Retry-After', String(resetS));
      const what =
        cost > decision.limit
          ? `this request needs ${cost} (one per question or message), more than a whole window holds: send it in smaller batches; `
          : cost > 1
            ? `this request needs ${cost} (one per question or message); `
            : '';
      throw new RateLimitedError(`Too many requests: ${decision.limit} per window for this client; ${what}retry in ${resetS} s`, {
        retryAfterMs: decision.resetMs,
        details: { limit: decision.limit, cost },
      });
    }
    if (weight === 0) return true;
    const gate = this.state.gates[workClass];
    const left = new AbortController();
    const onClose = () => left.abort();
    res.once('close', onClose);
    const outcome = await gate.acquire(weight, left.signal);
    if (!outcome.admitted) {
      res.off('close', onClose);
      if (outcome.reason === 'aborted') {
        this.outcomes.inc({ class: workClass, outcome: 'aborted' });
        return false; // the client is gone: nobody to answer
      }
      this.outcomes.inc({ class: workClass, outcome: 'shed' });
      return this.shed(res, workClass, outcome.reason);
    }
    this.outcomes.inc({ class: workClass, outcome: 'admitted' });
    res.off('close', onClose);
    res.once('close', outcome.release); // finished or the client left: the slot is free either way
    return true;
  }

  /** 503 + Retry-After: the class is at capacity (gate and queue full, or the wait ran out). */
  private shed(res: Response, workClass: WorkClass, reason: string): never {
    const retryS = shedRetryAfterS(this.env.ADMISSION_QUEUE_WAIT_MS);
    res.setHeader('Retry-After', String(retryS));
    const { concurrency, queue } = this.state.gates[workClass].stats;
    const what = workClass === 'agent' ? 'questions' : 'lookups';
    throw new ServiceUnavailableError(`Too busy: at capacity for ${what} (${concurrency} running, ${queue} waiting); retry in ${retryS} s`, { retryAfterMs: retryS * 1000, details: { class: workClass, reason } });
  }

  private async admitAdmin(req: Request, res: Response): Promise<void> {
    if (!isJsonOrEmpty(req)) throw new HttpException('Send a JSON body (content-type: application/json)', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    const ip = ipOf(req);
    const lockedMs = await this.state.adminFailures.refusedFor(ip);
    if (lockedMs !== undefined) {
      this.outcomes.inc({ class: 'admin', outcome: 'locked_out' });
      const s = Math.ceil(lockedMs / 1000);
      res.setHeader('Retry-After', String(s));
      throw new RateLimitedError(`Too many failed admin keys from this address; admin is locked for it for ${s} s`, { retryAfterMs: lockedMs, details: { lockedOut: true } });
    }
    // Budget per admin key (the console polls a running job); guesses spend their IP's budget.
    const decision = await this.state.admin.consume(clientKeyOf(req, this.knownKeys));
    setRateHeaders(res, decision);
    if (!decision.allowed) {
      this.outcomes.inc({ class: 'admin', outcome: 'rate_limited' });
      const s = Math.ceil(decision.resetMs / 1000);
      res.setHeader('Retry-After', String(s));
      throw new RateLimitedError(`Too many admin requests: ${decision.limit} per minute for this client; retry in ${s} s`, { retryAfterMs: decision.resetMs, details: { limit: decision.limit } });
    }
    this.outcomes.inc({ class: 'admin', outcome: 'admitted' });
    // A refused key counts towards the lock-out (401 no key, 403 wrong key).
    res.once('finish', () => {
      if (res.statusCode === 401 || res.statusCode === 403) void this.state.adminFailures.penalize(ip).catch(() => undefined);
    });
  }
}

function setRateHeaders(res: Response, decision: RateLimitDecision): void {
  res.setHeader('RateLimit-Limit', String(decision.limit));
  res.setHeader('RateLimit-Remaining', String(decision.remaining));
  res.setHeader('RateLimit-Reset', String(Math.ceil(decision.resetMs / 1000)));
}

/** No body, or a JSON one. */
function isJsonOrEmpty(req: Request): boolean {
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  return !hasBody || req.is('application/json') === 'application/json';
}

import { z } from 'zod';
import type { ErrorCode } from './errors';

/** `<context>.v<major>.<entity>.<verb>`, lower-case, `-` allowed inside a token. */
export const SUBJECT_PATTERN = /^[a-z][a-z0-9-]*\.v[1-9][0-9]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/** One operation: subject + request + response schemas + the error codes it may answer with. */
export interface RpcContract<TReq extends z.ZodType = z.ZodType, TRes extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly description: string;
  readonly request: TReq;
  readonly response: TRes;
  readonly errors: readonly ErrorCode[];
  /** Deadline a caller uses when it gives none. */
  readonly defaultTimeoutMs: number;
}

/** What a caller passes (before defaults/coercion). */
export type RpcInput<C extends RpcContract> = z.input<C['request']>;
/** What a handler receives (parsed). */
export type RpcParsedRequest<C extends RpcContract> = z.output<C['request']>;
/** What a handler returns and a caller gets back (parsed). */
export type RpcOutput<C extends RpcContract> = z.output<C['response']>;

export interface RpcDefinition<TReq extends z.ZodType, TRes extends z.ZodType> {
  subject: string;
  description: string;
  request: TReq;
  response: TRes;
  errors?: readonly ErrorCode[];
  defaultTimeoutMs?: number;
}

/** Error codes every operation may answer with, whatever it declares. */
export const TRANSPORT_ERROR_CODES: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'DEADLINE_EXCEEDED',
  'SERVICE_UNAVAILABLE',
  'CANCELLED',
  'INTERNAL',
];

/** Defines a contract; throws at import time when the subject breaks the naming rule. */
export function defineRpc<TReq extends z.ZodType, TRes extends z.ZodType>(
  def: RpcDefinition<TReq, TRes>,
): RpcContract<TReq, TRes> {
  if (!SUBJECT_PATTERN.test(def.subject)) {
    throw new Error(`Subject "${def.subject}" must look like <context>.v<major>.<entity>.<verb> (e.g. catalog.v1.anime.get)`);
  }
  return Object.freeze({
    subject: def.subject,
    description: def.description,
    request: def.request,
    response: def.response,
    errors: Object.freeze([...new Set([...(def.errors ?? []), ...TRANSPORT_ERROR_CODES])]),
    defaultTimeoutMs: def.defaultTimeoutMs ?? 5_000,
  });
}

/** A fire-and-forget notification every subscriber receives (fan-out, no reply). */
export interface EventContract<TPayload extends z.ZodType = z.ZodType> {
  readonly subject: string;
  readonly description: string;
  readonly payload: TPayload;
}

export type EventPayload<E extends EventContract> = z.output<E['payload']>;

/** Defines an event; same subject rule as operations (`ingest.v1.dataset.published`). */
export function defineEvent<TPayload extends z.ZodType>(def: { subject: string; description: string; payload: TPayload }): EventContract<TPayload> {
  if (!SUBJECT_PATTERN.test(def.subject)) {
    throw new Error(`Subject "${def.subject}" must look like <context>.v<major>.<entity>.<verb> (e.g. ingest.v1.dataset.published)`);
  }
  return Object.freeze({ ...def });
}

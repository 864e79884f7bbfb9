import { ApiError } from '../api/http';
import { h } from './dom';

/** What a person should read for an error code the server sent (the server's own message follows). */
const LEADS: Readonly<Record<string, string>> = {
  NETWORK: 'No connection.',
  VALIDATION_FAILED: 'That request was not accepted.',
  NOT_FOUND: 'Not found.',
  UNAUTHENTICATED: 'An admin API key is needed.',
  FORBIDDEN: 'This key is not allowed.',
  CONFLICT: 'That cannot be done right now.',
  RATE_LIMITED: 'Too many requests; wait a moment and try again.',
  NOT_READY: 'The catalog is still loading its dataset; try again in a minute.',
  SERVICE_UNAVAILABLE: 'A part of the system is unavailable; try again shortly.',
  DEADLINE_EXCEEDED: 'That took too long; try again.',
  SOURCE_UNAVAILABLE: 'A live source did not answer.',
  UPSTREAM_CHANGED: 'A live source answered in a form we do not understand.',
  INTERNAL: 'Something went wrong on the server.',
};

/**
 * An error as a person reads it: a lead sentence for the code, the server's message, its recovery
 * hint, and the errorId to quote. role=alert so screen readers announce it.
 */
export function errorMessage(error: unknown, context?: string): HTMLElement {
  const e = error instanceof ApiError ? error : new ApiError(error instanceof Error ? error.message : String(error), 0, 'INTERNAL');
  return h(
    'div',
    { class: 'alert error', role: 'alert' },
    h('strong', null, context ? `${context}: ` : '', LEADS[e.code] ?? 'Something went wrong.'),
    ' ',
    e.message,
    e.hint ? h('span', { class: 'hint' }, ` ${e.hint}`) : null,
    e.errorId ? h('span', { class: 'error-id' }, ` (error id `, h('code', null, e.errorId), ')') : null,
  );
}

/** A notice for something this server does not offer (a tool not installed, admin disabled, …). */
export function unavailableMessage(text: string): HTMLElement {
  return h('p', { class: 'alert notice', role: 'status' }, text);
}

/** Warnings of an answer (sources that failed or were skipped): visible, never swallowed. */
export function warningList(warnings: readonly string[]): HTMLElement | null {
  if (!warnings.length) return null;
  return h('ul', { class: 'warnings', 'aria-label': 'Warnings' }, warnings.map((w) => h('li', null, '⚠ ', w)));
}

/** A "loading…" line for a region (aria-busy is set by the caller on the region). */
export const loading = (what: string): HTMLElement => h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`);

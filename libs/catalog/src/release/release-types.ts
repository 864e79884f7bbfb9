/**
 * One item of a streamed release. `meta` holds the root fields other than `data`
 * (`$schema`, `license`, `repository`, `scoreRange`, `lastUpdate`, …) exactly as found;
 * `entry` holds one anime, unvalidated, with its 0-based position in the file.
 */
export type ReleaseItem = { type: 'meta'; meta: Record<string, unknown> } | { type: 'entry'; index: number; raw: unknown };

/**
 * What an `entry` carries when a JSONL line (or a `data` element) is not valid JSON. The
 * stream goes on; the caller decides whether to quarantine it or fail the import.
 */
export interface InvalidJsonEntry {
  __invalidJson: true;
  /** The first 200 chars of the offending text. */
  line: string;
  /** The JSON parser's message. */
  error: string;
}

/** True if `raw` is the placeholder for an unparsable line (see {@link InvalidJsonEntry}). */
export function isInvalidJsonEntry(raw: unknown): raw is InvalidJsonEntry {
  return typeof raw === 'object' && raw !== null && (raw as { __invalidJson?: unknown }).__invalidJson === true;
}

/** Builds the placeholder entry for text that JSON.parse rejected. */
export function invalidJsonEntry(text: string, error: unknown): InvalidJsonEntry {
  return { __invalidJson: true, line: text.slice(0, 200), error: error instanceof Error ? error.message : String(error) };
}

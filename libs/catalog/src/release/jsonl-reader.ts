import { jsonProblem, MalformedReleaseError } from './release-errors';
import type { ReleaseItem } from './release-types';

/**
 * Reads the JSONL release layout from a text stream: the first non-blank line is the metadata
 * object, every later non-blank line one anime (a JSON object).
 *
 * Integrity: a line that is not a JSON object — cut in half, garbled, trailing garbage — throws
 * {@link MalformedReleaseError}: a damaged file is not a release, and is refused whole (entries
 * that parse but break the schema are the caller's to quarantine). The error names the line and
 * what is wrong, never the line's text.
 *
 * Leniency: a first line that is an anime (it has `sources` but none of `lastUpdate`/`$schema`,
 * e.g. a file made with `jq -c '.data[]'`) is taken as an entry after an empty meta item.
 */
export async function* readJsonlItems(text: AsyncIterable<string>, label: string): AsyncGenerator<ReleaseItem> {
  let parts: string[] = []; // an unfinished line spanning chunks
  let lineNumber = 0;
  let index = 0;
  let metaSeen = false;

  let last = false; // the final line (no newline after it): damage there is a cut-off file
  const handle = (rawLine: string): ReleaseItem[] => {
    lineNumber++;
    const line = rawLine.trim(); // also drops the \r of CRLF files
    if (line.length === 0) return [];
    if (metaSeen) {
      let raw: unknown;
      try {
        raw = JSON.parse(line) as unknown;
      } catch (error) {
        throw malformedLine(label, lineNumber, index, `is not valid JSON (${jsonProblem(error)})`, last);
      }
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw malformedLine(label, lineNumber, index, 'is not a JSON object', last);
      return [{ type: 'entry', index: index++, raw }];
    }
    metaSeen = true;
    let first: unknown;
    try {
      first = JSON.parse(line) as unknown;
    } catch (error) {
      throw new MalformedReleaseError(`${label}: line ${lineNumber} should be the release metadata object but is not valid JSON (${jsonProblem(error)})`, {
        source: label,
        line: lineNumber,
      });
    }
    if (first === null || typeof first !== 'object' || Array.isArray(first)) {
      throw new MalformedReleaseError(`${label}: line ${lineNumber} should be the release metadata object`, { source: label, line: lineNumber });
    }
    const record = first as Record<string, unknown>;
    if (Object.hasOwn(record, 'data')) {
      // A whole JSON release on one line: reading it here would hold all of it in memory.
      throw new MalformedReleaseError(`${label}: this is a JSON release (root object with "data"), not JSONL; name it .json`, { source: label });
    }
    if (Object.hasOwn(record, 'sources') && !Object.hasOwn(record, 'lastUpdate') && !Object.hasOwn(record, '$schema')) {
      return [
        { type: 'meta', meta: {} },
        { type: 'entry', index: index++, raw: record },
      ];
    }
    return [{ type: 'meta', meta: record }];
  };

  for await (const chunk of text) {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline >= 0) {
      let line = chunk.slice(start, newline);
      if (parts.length > 0) {
        parts.push(line);
        line = parts.join('');
        parts = [];
      }
      for (const item of handle(line)) yield item;
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (start < chunk.length) parts.push(start === 0 ? chunk : chunk.slice(start));
  }
  last = true;
  if (parts.length > 0) for (const item of handle(parts.join(''))) yield item;
  if (!metaSeen) throw new MalformedReleaseError(`${label}: empty JSONL release (no metadata line)`, { source: label });
}

function malformedLine(label: string, line: number, entries: number, problem: string, last: boolean): MalformedReleaseError {
  const what = last ? `the last line (${line}) ${problem}: the file is cut off or has trailing garbage` : `line ${line} ${problem}: the file is garbled`;
  return new MalformedReleaseError(`${label}: ${what}; a damaged release is refused whole (${entries} entries read before it)`, {
    source: label,
    line,
    entries,
  });
}

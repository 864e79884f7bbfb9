import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compress, init as initZstd } from '@bokuweb/zstd-wasm';
import { sharedData } from '@anime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MalformedReleaseError, readRelease, ReleaseReadError, type ReleaseSource } from './release-reader';

// Issue #15, item 4: a truncated or garbled file is not a release. Every case starts from the real
// 27,088-entry anime-mapper JSONL (or the real 2025 sample as JSON) and damages it the way
// downloads and disks do; each must be refused whole, with a reason that names the place and
// never quotes the file.
const MAPPER = sharedData('anime-mapper-2026.jsonl');

let dir: string;
let lines: string[]; // metadata line + 27,088 entries
let text: string;

/** Deterministic "random" bytes (xorshift32), so the garbage is the same on every run. */
function garbage(length: number, seed = 0x2545f491): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function write(name: string, content: Buffer | string): Promise<ReleaseSource> {
  const path = join(dir, name);
  await writeFile(path, content);
  return { kind: 'file', path };
}

async function readAll(source: ReleaseSource): Promise<{ entries: number; error?: unknown }> {
  let entries = 0;
  try {
    for await (const item of readRelease(source)) if (item.type === 'entry') entries++;
    return { entries };
  } catch (error) {
    return { entries, error };
  }
}

async function refusal(source: ReleaseSource): Promise<MalformedReleaseError> {
  const { error } = await readAll(source);
  expect(error, 'the damaged file must be refused').toBeInstanceOf(MalformedReleaseError);
  const malformed = error as MalformedReleaseError;
  expect(malformed.code).toBe('RELEASE_MALFORMED');
  expect(malformed.message).toContain(source.kind === 'file' ? source.path : source.url);
  return malformed;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'release-integrity-'));
  await initZstd();
  text = await readFile(MAPPER, 'utf8');
  lines = text.split('\n').filter((l) => l.length > 0);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('release integrity', () => {
  it('reads the undamaged release in full (the baseline the cases below damage)', async () => {
    expect(lines).toHaveLength(27_089);
    expect(await readAll({ kind: 'file', path: MAPPER })).toEqual({ entries: 27_088 });
  });

  it('refuses the issue #15 release: 95% of the lines, one line cut in half, 4 KB of random bytes', async () => {
    const keep = Math.floor(lines.length * 0.95);
    const cut = lines[keep] as string;
    const body = Buffer.concat([Buffer.from(`${lines.slice(0, keep).join('\n')}\n${cut.slice(0, cut.length >> 1)}`), garbage(4096)]);
    const error = await refusal(await write('issue-15.jsonl', body));
    expect(error.message).toMatch(/not UTF-8|not valid JSON|cut off/);
    expect(error.message).toContain('refused whole');
  });

  it('refuses a release cut off in the middle of a line, naming the last line', async () => {
    const keep = Math.floor(lines.length * 0.95);
    const cut = lines[keep] as string;
    const error = await refusal(await write('cut.jsonl', `${lines.slice(0, keep).join('\n')}\n${cut.slice(0, cut.length >> 1)}`));
    expect(error.message).toMatch(new RegExp(`the last line \\(${keep + 1}\\) is not valid JSON \\(.*\\): the file is cut off or has trailing garbage`));
    expect(error.details).toMatchObject({ line: keep + 1, entries: keep - 1 });
    expect(error.message).not.toContain(cut.slice(0, 30));
  });

  it('refuses trailing garbage that is valid text (an HTML error page appended by a proxy)', async () => {
    const error = await refusal(await write('html-tail.jsonl', `${text}<html><body>502 Bad Gateway</body></html>\n`));
    expect(error.message).toMatch(/line 27090 is not valid JSON/);
    expect(error.message).not.toContain('Bad Gateway');
  });

  it('refuses a line garbled in the middle of the file, and a line that is JSON but not an object', async () => {
    const garbled = [...lines];
    garbled[1000] = garbled[1000]!.replace('"sources":[', '"sources":[[');
    const error = await refusal(await write('garbled.jsonl', `${garbled.join('\n')}\n`));
    expect(error.message).toMatch(/line 1001 is not valid JSON .*the file is garbled/);
    const scalar = [...lines.slice(0, 10), '42', ...lines.slice(10)];
    expect((await refusal(await write('scalar.jsonl', `${scalar.join('\n')}\n`))).message).toMatch(/line 11 is not a JSON object/);
  });

  it('refuses bytes that are not UTF-8 inside an entry (a flipped byte on disk)', async () => {
    const bytes = Buffer.from(text);
    const at = bytes.indexOf('Cowboy Bebop');
    bytes[at + 3] = 0xff;
    const error = await refusal(await write('flipped.jsonl', bytes));
    expect(error.message).toMatch(/not UTF-8 text \(invalid bytes between byte \d+ and \d+/);
  });

  it('refuses compressed releases with a broken frame or bytes after the last frame', async () => {
    const head = Buffer.from(`${lines.slice(0, 3000).join('\n')}\n`);
    const zst = Buffer.from(compress(head, 3));
    const gz = gzipSync(head);
    expect((await readAll(await write('ok.jsonl.zst', zst))).entries).toBe(2999);
    expect((await readAll(await write('ok.jsonl.gz', gz))).entries).toBe(2999);
    expect((await refusal(await write('cut.jsonl.zst', zst.subarray(0, zst.length - 100)))).message).toMatch(/zstd/);
    expect((await refusal(await write('tail.jsonl.zst', Buffer.concat([zst, garbage(4096)])))).message).toMatch(/zstd/);
    expect((await refusal(await write('cut.jsonl.gz', gz.subarray(0, gz.length - 100)))).message).toMatch(/gzip/);
    expect((await refusal(await write('tail.jsonl.gz', Buffer.concat([gz, garbage(4096)])))).message).toMatch(/gzip/);
    const flipped = Buffer.from(gz);
    flipped[Math.floor(flipped.length / 2)]! ^= 0xff;
    // Depending on where the flip lands, inflate fails, the CRC fails, or the text it yields does not parse.
    expect((await refusal(await write('flipped.jsonl.gz', flipped))).message).toMatch(/gzip|UTF-8|not valid JSON/);
  });

  it('refuses a JSON release with a garbled entry instead of quarantining it', async () => {
    const entries = lines.slice(1, 11);
    const release = `{"repository":"https://github.com/manami-project/anime-offline-database","lastUpdate":"2026-07-02","data":[${entries.join(',')}]}`;
    const garbled = release.replace(entries[4] as string, (entries[4] as string).replace('"title":', '"title"'));
    const error = await refusal(await write('garbled.json', garbled));
    expect(error.message).toMatch(/entry 4 of "data" is not valid JSON \(.+ at char \d+\) at char \d+/);
  });

  it('never quotes the file it refuses (an admin pointing the source at a secrets file)', async () => {
    const secret = 'root:$6$s3cr3t-hash:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n';
    for (const name of ['shadow', 'shadow.json', 'shadow.jsonl']) {
      const { error } = await readAll(await write(name, secret));
      expect(error, name).toBeInstanceOf(ReleaseReadError);
      const shown = `${(error as Error).message} ${JSON.stringify((error as ReleaseReadError).details)}`;
      for (const fragment of ['root', 's3cr3t', 'daemon', '19000']) expect(shown, name).not.toContain(fragment);
    }
    const config = await write('config.json', '{"apiKey": "sk-live-123", "password" "hunter2"}');
    const { error } = await readAll(config);
    const shown = `${(error as Error).message} ${JSON.stringify((error as ReleaseReadError).details)}`;
    for (const fragment of ['apiKey', 'sk-live', 'password', 'hunter2']) expect(shown).not.toContain(fragment);
  });
});

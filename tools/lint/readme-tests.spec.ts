import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectEvery } from '@anime/testing';

// The README says what each integration test runs against (issue #21: it once said "real NATS"
// for all of them). This keeps that list true: every *.int-spec.ts is listed, and each row names
// the brokers and transports its file actually uses.
const root = resolve(__dirname, '../..');

function intSpecs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? intSpecs(path) : e.name.endsWith('.int-spec.ts') ? [relative(root, path)] : [];
  });
}

const rows = new Map(
  [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/^\| `([^`]+\.int-spec\.ts)` \| (.+) \|$/gm)].map((m) => [m[1] as string, m[2] as string]),
);

describe('README: what each integration test runs against', () => {
  const files = ['apps', 'libs', 'tools'].flatMap((d) => intSpecs(join(root, d))).sort();

  it('lists every *.int-spec.ts, and only those', () => {
    expect([...rows.keys()].sort()).toEqual(files);
  });

  it.each([
    ['real NATS', /testNatsUrl\(\)|NatsTransport\.connect/],
    ['real Redis', /testRedisUrl\(\)/],
    ['in-process transport', /transport: 'inprocess'|InProcessTransport/],
  ])('says "%s" exactly for the files that use it', (words, uses) => {
    expectEvery(
      files,
      (file) => {
        const used = uses.test(readFileSync(join(root, file), 'utf8'));
        expect(rows.get(file)?.includes(words), `${file}: ${rows.get(file)}`).toBe(used);
      },
      'the integration tests',
    );
  });
});

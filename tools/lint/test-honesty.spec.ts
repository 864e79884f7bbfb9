import { resolve } from 'node:path';
import { ESLint, RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM module of the ESLint config (no types; the rule tests below are its contract).
import testHonesty from './test-honesty.mjs';

// RuleTester reports through the harness's describe/it.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const test = (body: string): string => `it('x', async () => {\n${body}\n});`;

describe('test-honesty/no-conditional-expect', () => {
  tester.run('no-conditional-expect', testHonesty.rules['no-conditional-expect'], {
    valid: [
      test('expect(a).toBe(1);'),
      test('await expect(call()).rejects.toMatchObject({ code: "CONFLICT" });'),
      test('if (!page) throw new Error("no page"); expect(page.url).toBe("/");'),
      test('const x = items.map((i) => i.id); expect(x).toEqual([1]);'),
      test('try { await run(); } finally { expect(closed).toBe(true); }'),
      test('expect(ok ? 1 : 2).toBe(1);'),
      test('await expect.poll(() => (a && b ? 1 : 0)).toBe(1);'),
      // The condition itself may assert.
      test('if (expect(a).toBe(1) === undefined) done();'),
      // Outside any test body the harness is not involved.
      'if (x) y();',
    ],
    invalid: [
      // Issue #21's case: the refusal is asserted only when it happens.
      {
        code: test('const error = await call().catch((e) => e);\nif (error instanceof ConflictError) expect(error.details).toMatchObject({ jobId });'),
        errors: [{ messageId: 'conditional', data: { where: 'an `if`' } }],
      },
      { code: test('if (a) { expect(a).toBe(1); } else { expect(b).toBe(2); }'), errors: 2 },
      { code: test('ok ? expect(a).toBe(1) : undefined;'), errors: [{ messageId: 'conditional', data: { where: 'a `?:`' } }] },
      { code: test('flag && expect(a).toBe(1);'), errors: [{ messageId: 'conditional', data: { where: 'the right side of `&&`' } }] },
      { code: test('switch (k) { case 1: expect(a).toBe(1); }'), errors: [{ messageId: 'conditional', data: { where: 'a `switch` case' } }] },
      { code: test('try { await run(); } catch (e) { expect(e).toBeInstanceOf(Error); }'), errors: [{ messageId: 'conditional', data: { where: 'a `catch` block' } }] },
      { code: test('await run().catch((e) => { expect(e.code).toBe("X"); });'), errors: [{ messageId: 'conditional', data: { where: 'a `.catch(…)` callback' } }] },
      { code: test('if (a) await expect.poll(() => b).toBe(1);'), errors: 1 },
      // A helper with a conditional assertion is as bad when called from a test.
      { code: 'function check(x) { if (x.ok) expect(x.value).toBe(1); }', errors: 1 },
    ],
  });
});

describe('test-honesty/no-unguarded-loop-expect', () => {
  tester.run('no-unguarded-loop-expect', testHonesty.rules['no-unguarded-loop-expect'], {
    valid: [
      test('expectEvery(out.items, (item) => expect(item.type).toBe("MOVIE"));'),
      test('for (const i of [0, 3, 7]) expect(find(i)).toBe(i);'),
      test("for (const s of ['a', 'b'] as const) expect(find(s)).toBeDefined();"),
      test('for (let i = 0; i < 3; i++) expect(find(i)).toBe(i);'),
      test('expect(out.items).toHaveLength(20);\nfor (const item of out.items) expect(item.why.length).toBeGreaterThan(0);'),
      test('expect(out.items.length).toBeGreaterThan(0);\nfor (const item of out.items) expect(item.ok).toBe(true);'),
      test('expect(list).not.toHaveLength(0);\nlist.forEach((x) => expect(x).toBeTruthy());'),
      test('expect(whys.length).toBeGreaterThanOrEqual(1);\nexpect(whys.every((w) => w.length > 0)).toBe(true);'),
      test('expect([1, 2].every((n) => n > 0)).toBe(true);'),
      test('for (const item of items) seen.add(item);'),
    ],
    invalid: [
      // Issue #21's cases: a filter loop and a `why` loop that pass on an empty answer.
      { code: test('for (const item of movies.items) expect(item.anime.type).toBe("MOVIE");'), errors: [{ messageId: 'loop' }] },
      { code: test('for (const item of body.items) { expect(item.why).toBeDefined(); expect(item.why.length).toBeGreaterThan(0); }'), errors: 1 },
      { code: test('items.forEach((x) => expect(x).toBeTruthy());'), errors: [{ messageId: 'loop' }] },
      { code: test('for (const key in obj) expect(obj[key]).toBeDefined();'), errors: 1 },
      { code: test('for (let i = 0; i < n; i++) expect(find(i)).toBe(i);'), errors: 1 },
      { code: test('expect(whys.every((w) => w.length > 0)).toBe(true);'), errors: [{ messageId: 'every' }] },
      // A guard on another list, or after the loop, does not count.
      { code: test('expect(others.length).toBeGreaterThan(0);\nfor (const item of items) expect(item).toBeTruthy();'), errors: 1 },
      { code: test('for (const item of items) expect(item).toBeTruthy();\nexpect(items.length).toBeGreaterThan(0);'), errors: 1 },
      { code: test('expect(items).toHaveLength(0);\nfor (const item of items) expect(item).toBeTruthy();'), errors: 1 },
    ],
  });
});

describe('test-honesty/no-silent-skip', () => {
  tester.run('no-silent-skip', testHonesty.rules['no-silent-skip'], {
    valid: [
      "itWhen(kubectl, 'kubectl not installed')('renders with kubectl', () => undefined);",
      "describeWhen(process.env.QDRANT_URL, 'QDRANT_URL not set')('Qdrant store', () => undefined);",
      "it.each([1])('n %i', () => undefined);",
      "ctx.skip;",
    ],
    invalid: [
      // Issue #21's cases: suites that never ran on these machines, with nothing saying so.
      { code: "describe.skipIf(!qdrantUrl)('Qdrant', () => undefined);", errors: [{ messageId: 'silent', data: { call: 'describe.skipIf' } }] },
      { code: "it.skipIf(!dockerCompose)('is accepted by docker-compose config -q', () => undefined);", errors: 1 },
      { code: "it.skip('later', () => undefined);", errors: 1 },
      { code: "it.runIf(ok)('x', () => undefined);", errors: 1 },
      { code: "test.todo('x');", errors: 1 },
      { code: "it.concurrent.skip('x', () => undefined);", errors: 1 },
    ],
  });
});

describe('test-honesty in the repo config', () => {
  it('is on for every kind of test file', async () => {
    const eslint = new ESLint({ cwd: resolve(__dirname, '../..') });
    for (const file of ['libs/x/src/a.spec.ts', 'apps/x/src/a.int-spec.ts', 'apps/x/src/a.e2e-spec.ts', 'libs/x/src/a.suite.ts']) {
      const config = (await eslint.calculateConfigForFile(resolve(__dirname, '../..', file))) as { rules: Record<string, unknown> };
      expect(config.rules['test-honesty/no-conditional-expect'], file).toEqual([2]);
      expect(config.rules['test-honesty/no-unguarded-loop-expect'], file).toEqual([2]);
      expect(config.rules['test-honesty/no-silent-skip'], file).toEqual([2]);
    }
  });
});

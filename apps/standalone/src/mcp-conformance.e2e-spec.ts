import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIntoTemp, expectEvery, repoRoot, spawnApp, type SpawnedApp } from '@anime/testing';

const run = promisify(execFile);

/**
 * Scenarios of @modelcontextprotocol/conformance 0.1.13 that apply to this server (see
 * docs/mcp-conformance.md for why the others do not: they call the SDK's fixture tools,
 * resources and prompts, e.g. `test_simple_text`, which an application server does not have).
 */
const APPLICABLE = ['server-initialize', 'ping', 'logging-set-level', 'completion-complete', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection'];

async function conformance(url: string): Promise<Map<string, Array<{ status: string; id: string }>>> {
  const out = mkdtempSync(join(tmpdir(), 'conformance-'));
  const bin = join(repoRoot(), 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
  for (const scenario of APPLICABLE) {
    // Exit code is non-zero when a check fails; the checks files are the verdict either way.
    await run(process.execPath, [bin, 'server', '--url', url, '--scenario', scenario, '-o', out], { timeout: 60_000 }).catch(() => undefined);
  }
  const results = new Map<string, Array<{ status: string; id: string }>>();
  for (const dir of readdirSync(out)) {
    const scenario = APPLICABLE.find((s) => dir.startsWith(`server-${s}-`));
    if (scenario) results.set(scenario, JSON.parse(readFileSync(join(out, dir, 'checks.json'), 'utf8')) as Array<{ status: string; id: string }>);
  }
  return results;
}

describe.each([
  ['stateless', {}],
  ['with sessions', { MCP_SESSIONS: 'true' }],
])('official MCP conformance scenarios (streamable HTTP, %s)', (_mode, extraEnv) => {
  let app: SpawnedApp;
  beforeAll(async () => {
    app = await spawnApp({ distDir: buildIntoTemp(), app: 'standalone', env: { DATA_DIR: mkdtempSync(join(tmpdir(), 'conf-data-')), INGEST_ON_START: 'false', ...extraEnv } });
  }, 60_000);
  afterAll(async () => app?.stop());

  it('passes every applicable scenario', async () => {
    const results = await conformance(`${app.url}/mcp`);
    expect([...results.keys()].sort()).toEqual([...APPLICABLE].sort());
    expectEvery(
      results,
      ([scenario, checks]) => {
        expect(checks.length, scenario).toBeGreaterThan(0);
        expect(checks.filter((c) => c.status !== 'SUCCESS'), scenario).toEqual([]);
      },
      'the conformance scenarios',
    );
  }, 120_000);
});

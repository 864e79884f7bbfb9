import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Proves the layering rules bite: each forbidden import below must be reported by the real
// ESLint config of the repo (the same one `npm run lint` uses in CI), and the allowed one must not.
const root = resolve(__dirname, '../..');
let eslint: ESLint;

async function violations(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('module boundaries', () => {
  beforeAll(() => {
    // The rule reads the Nx project graph; make sure it exists on a fresh clone.
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'show', 'projects'], { cwd: root, env: { ...process.env, NX_DAEMON: 'false' }, stdio: 'ignore' });
    eslint = new ESLint({ cwd: root });
  }, 60_000);

  it('fails an app importing another app', async () => {
    const found = await violations('apps/gateway/src/probe.ts', "import { standalone } from '../../standalone/src/standalone';\nexport const x = standalone;\n");
    // Apps have no import alias, so the only way in is a path — which the rule forbids.
    expect(found.join('\n')).toMatch(/Projects cannot be imported by a relative or absolute path|Imports of apps are forbidden/);
  });

  it('fails contracts importing @nestjs/*', async () => {
    const found = await violations('libs/contracts/src/probe.ts', "import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n");
    expect(found.join('\n')).toMatch(/@nestjs\/common/);
  });

  it('fails contracts importing Node APIs', async () => {
    const found = await violations('libs/contracts/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
    expect(found.join('\n')).toMatch(/Node APIs/);
  });

  it('fails a service importing another service', async () => {
    const found = await violations('libs/services/ingest/src/probe.ts', "import { GatewayModule } from '@anime/service-gateway';\nexport const x = GatewayModule;\n");
    expect(found.join('\n')).toMatch(/tagged with "type:service" can only depend/);
  });

  it('fails a platform lib importing a service', async () => {
    const found = await violations('libs/platform/messaging/src/probe.ts', "import { IngestModule } from '@anime/service-ingest';\nexport const x = IngestModule;\n");
    // Reported as a tag violation, or as the cycle it creates (services already depend on platform).
    expect(found.join('\n')).toMatch(/tagged with "type:platform" can only depend|Circular dependency/);
  });

  it('fails production code importing the test harness', async () => {
    const found = await violations('libs/platform/messaging/src/probe.ts', "import { uniquePrefix } from '@anime/testing';\nexport const x = uniquePrefix;\n");
    expect(found.join('\n')).toMatch(/tagged with "type:platform" can only depend on libs tagged with "type:platform", "type:contracts"$/m);
  });

  it('allows the right direction (service → platform + contracts)', async () => {
    const found = await violations(
      'libs/services/ingest/src/probe.ts',
      "import { RpcClient } from '@anime/platform-messaging';\nimport { HEALTH_CONTRACTS } from '@anime/contracts';\nexport const x = [RpcClient, HEALTH_CONTRACTS];\n",
    );
    expect(found).toEqual([]);
  });
});

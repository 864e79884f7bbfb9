import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { GATEWAY_ENV } from '../gateway.env';
import { WEB_CONSOLE_CSP, WebConsoleController } from './web-console.controller';

// The controller alone on a real HTTP server (Express via Nest), over real files.
describe('WebConsoleController', () => {
  let app: INestApplication | undefined;
  afterEach(async () => app?.close());

  async function serve(dir: string): Promise<string> {
    const moduleRef = await Test.createTestingModule({ controllers: [WebConsoleController], providers: [{ provide: GATEWAY_ENV, useValue: { WEB_CONSOLE_DIR: dir } }] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    return app.getUrl();
  }

  it('serves index.html with the CSP, and hashed assets with a long cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
    writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'no');
    const url = await serve(dir);

    const index = await fetch(`${url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toBe(WEB_CONSOLE_CSP);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('/assets/index-abc.js');

    const asset = await fetch(`${url}/assets/index-abc.js`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');
  });

  it('serves nothing outside assets/ and nothing that is not build output', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), 'x');
    writeFileSync(join(dir, 'secret.txt'), 'no');
    writeFileSync(join(dir, 'assets', 'notes.txt'), 'no');
    const url = await serve(dir);
    for (const path of ['/assets/..%2Fsecret.txt', '/assets/notes.txt', '/assets/%2E%2E%2Findex.html', '/assets/missing-1.js']) {
      // A NotFoundError (the app's problem+json filter, absent here, makes it a 404).
      const res = await fetch(`${url}${path}`);
      expect(res.status, path).not.toBe(200);
      expect(await res.text(), path).not.toBe('no');
    }
  });

  it('explains at / how to build the console when the bundle is missing', async () => {
    const url = await serve(join(tmpdir(), 'no-such-web-console-dir'));
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(503);
    const page = await res.text();
    expect(page).toContain('The web console is not built');
    expect(page).toContain('npm run build');
    expect(page).toContain('WEB_CONSOLE_DIR');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { NotFoundError } from '@anime/contracts';
import { GATEWAY_ENV, type GatewayEnv } from '../gateway.env';

/**
 * Where the built console is by default: tools/build/build.mjs writes it to `<out>/web`, and this
 * file is compiled to `<out>/libs/services/gateway/src/web/`, so it is five folders up.
 */
export const defaultWebConsoleDir = (): string => resolve(__dirname, '../../../../../web');

/**
 * Content-Security-Policy of the console: scripts, styles and API calls only from this origin
 * (no CDN, no inline script); posters from any https host (the dataset's picture URLs), plus
 * data:/blob: for the placeholder icon and a pasted image's preview.
 */
export const WEB_CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const ASSET_NAME = /^[\w-]+(\.[\w-]+)*\.(js|css|map|svg|png|woff2?)$/;
const ASSET_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff: 'font/woff',
  woff2: 'font/woff2',
};

const MISSING_PAGE = (dir: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Web console not built</title></head>
<body><h1>The web console is not built</h1>
<p>This server found no <code>index.html</code> in <code>${dir.replace(/[<>&"]/g, '')}</code>.
Build it with <code>npm run build</code> (<code>npm start</code> builds it too), or point
<code>WEB_CONSOLE_DIR</code> at a built copy. The API works without it: see <a href="/docs">/docs</a>.</p>
</body></html>
`;

/**
 * Serves the web console (apps/web, built by Vite) at `/`: `index.html` and its hashed
 * `/assets/*`. Hash routing keeps every view on `/`, so nothing else is needed. Only files whose
 * names look like build output are served, and only from the assets folder (no path of the
 * client's choosing reaches the file system).
 */
@Controller()
export class WebConsoleController {
  private readonly dir: string;

  constructor(@Inject(GATEWAY_ENV) env: GatewayEnv) {
    this.dir = resolve(env.WEB_CONSOLE_DIR || defaultWebConsoleDir());
  }

  @Get()
  index(@Res() res: Response): void {
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-content-type-options', 'nosniff');
    const file = join(this.dir, 'index.html');
    // Read per request (small): a rebuild while the server runs is picked up.
    if (!existsSync(file)) {
      res.status(503).type('text/html; charset=utf-8').send(MISSING_PAGE(this.dir));
      return;
    }
    res.setHeader('content-security-policy', WEB_CONSOLE_CSP);
    res.setHeader('referrer-policy', 'no-referrer');
    res.type('text/html; charset=utf-8').send(readFileSync(file, 'utf8'));
  }

  @Get('assets/:file')
  asset(@Param('file') name: string, @Res() res: Response): void {
    const ext = ASSET_NAME.exec(name)?.[2];
    const file = join(this.dir, 'assets', name);
    if (!ext || !existsSync(file)) throw new NotFoundError(`No web console asset ${name}`);
    // Vite puts a content hash in every asset name: safe to cache for a year.
    res.sendFile(file, { headers: { 'content-type': ASSET_TYPES[ext] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' }, maxAge: '365d', immutable: true });
  }
}

import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The web console: a static SPA the gateway serves at `/` (tools/build/build.mjs runs `vite build`
// into <dist>/web). `vite --config apps/web/vite.config.mts` serves it with hot reload and proxies
// the API to a gateway on :3000 (`npm start`).
const api = process.env['WEB_DEV_API'] ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // One small bundle; no inline scripts (the gateway's CSP allows same-origin scripts only).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': api, '/health': api, '/docs': api } },
});

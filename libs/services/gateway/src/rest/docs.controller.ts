import { dirname, join } from 'node:path';
import { Controller, Get, Header, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { NotFoundError } from '@anime/contracts';
import type { OpenApiDocument } from './openapi.builder';

/** DI token of the OpenAPI document (built once at boot from the tool registry). */
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');

/** Files of swagger-ui-dist the page needs; nothing else of the package is served. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

// Our own initializer instead of an inline script: no external validator badge (offline), and
// the page works under a CSP without 'unsafe-inline' scripts.
const INITIALIZER = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/docs/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>anime-mcp-server API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/swagger-initializer.js"></script>
</body>
</html>
`;

/**
 * CSP of the Swagger UI page: its scripts, styles and the document only from this origin (the
 * initializer is a file, not inline); inline style attributes and data: images are Swagger UI's
 * own; never framed. Every other response keeps the runtime's `default-src 'none'`.
 */
export const DOCS_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Where swagger-ui-dist is installed (resolved once; the assets come from node_modules, no CDN). */
const swaggerUiDir = (): string => dirname(require.resolve('swagger-ui-dist/package.json'));

/** `/docs` (Swagger UI, offline) and `/docs/openapi.json`. */
@Controller('docs')
export class DocsController {
  private readonly assetsDir = swaggerUiDir();

  constructor(@Inject(OPENAPI_DOCUMENT) private readonly document: OpenApiDocument) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('content-security-policy', DOCS_CSP)
  page(): string {
    return PAGE;
  }

  @Get('openapi.json')
  openapi(): OpenApiDocument {
    return this.document;
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    if (file === 'swagger-initializer.js') {
      res.type('text/javascript; charset=utf-8').send(INITIALIZER);
      return;
    }
    // Own key check (not `in`): only the listed files, never a path of the client's choosing.
    const type = Object.prototype.hasOwnProperty.call(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) throw new NotFoundError(`No docs asset ${file}`);
    res.sendFile(join(this.assetsDir, file), { headers: { 'content-type': type }, maxAge: '1d' });
  }
}

import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toJsonSchema } from '@anime/contracts';
import { defineTool, type ToolDefinition } from '../tools/tool-definition';
import { TOOLS } from '../tools/tool-registry';
import { buildOpenApiDocument } from './openapi.builder';

const validate = (doc: unknown): Promise<unknown> => SwaggerParser.validate(structuredClone(doc) as never);
const build = (tools: readonly ToolDefinition[]) => buildOpenApiDocument({ tools, version: '1.2.3', rateLimit: { points: 120, windowS: 60 } });

// A tool whose schemas make zod emit $defs: a recursive type and a named (meta id) schema used twice.
interface Tree {
  name: string;
  children: Tree[];
}
const TreeSchema: z.ZodType<Tree> = z.lazy(() => z.object({ name: z.string(), children: z.array(TreeSchema) }));
const Studio = z.object({ name: z.string() }).meta({ id: 'Studio' });
/** A tool with the given schemas (execute is never called: only the document is built). */
const toolWith = (name: string, input: z.ZodType, output: z.ZodType): ToolDefinition =>
  defineTool({
    name,
    description: 'A test tool with recursive and shared schemas.',
    input,
    output,
    annotations: { title: name, readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    execute: async () => ({}),
    summarize: () => '',
  });
const treeTool = toolWith('walk_tree', z.object({ tree: TreeSchema, studio: Studio, alsoStudio: Studio }), z.object({ depth: z.number(), studio: Studio }));

const findKey = (node: unknown, key: string): boolean =>
  Array.isArray(node) ? node.some((n) => findKey(n, key)) : typeof node === 'object' && node !== null && Object.entries(node).some(([k, v]) => k === key || findKey(v, key));

describe('buildOpenApiDocument', () => {
  it('is a valid OpenAPI 3.1 document with one operation per registered tool', async () => {
    const doc = build(TOOLS);
    await expect(validate(doc)).resolves.toBeTruthy();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.2.3');
    for (const tool of TOOLS) {
      const op = doc.paths[`/api/tools/${tool.name}`]?.['post'] as Record<string, unknown>;
      expect(op).toMatchObject({ operationId: tool.name, summary: tool.annotations.title, description: tool.description });
      const base = tool.name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
      expect(op['requestBody']).toMatchObject({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${base}Input` } } } });
      expect(op['responses']).toMatchObject({ '200': { content: { 'application/json': { schema: { $ref: `#/components/schemas/${base}Output` } } } } });
    }
  });

  it('takes the tool schemas from the same zod schemas that validate requests', () => {
    const doc = build(TOOLS);
    for (const tool of TOOLS) {
      const base = tool.name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase());
      const { $schema: _a, ...input } = toJsonSchema(tool.input, 'input');
      const { $schema: _b, ...output } = toJsonSchema(tool.output, 'output');
      expect(doc.components.schemas[`${base}Input`]).toEqual(input);
      expect(doc.components.schemas[`${base}Output`]).toEqual(output);
    }
    // A tool without parameters may be called with no body at all.
    expect(doc.paths['/api/tools/anime_catalog_stats']?.['post']).toMatchObject({ requestBody: { required: false } });
    expect(doc.paths['/api/tools/get_anime']?.['post']).toMatchObject({ requestBody: { required: true } });
  });

  it('describes errors as Problem, and health, metrics, docs and the admin API by hand', () => {
    const doc = build(TOOLS);
    expect(doc.components.schemas['Problem']).toMatchObject({ type: 'object', required: expect.arrayContaining(['code', 'message', 'type', 'title', 'status']) });
    expect(doc.components.responses['TooManyRequests']).toMatchObject({ headers: { 'Retry-After': expect.anything() } });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/tools', '/health', '/health/ready', '/metrics', '/docs', '/docs/openapi.json', '/api/admin/update-full', '/api/admin/jobs/{id}', '/api/admin/rollback']),
    );
    const adminOps = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/admin/'))
      .flatMap(([, item]) => Object.values(item));
    expect(adminOps.length).toBe(13); // the routes of admin.controller.ts
    for (const op of adminOps) expect(op).toMatchObject({ security: [{ apiKey: [] }, { bearer: [] }], responses: { '401': expect.anything(), '403': expect.anything() } });
    expect(doc.components.securitySchemes).toMatchObject({ apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' }, bearer: { type: 'http', scheme: 'bearer' } });
  });

  it('hoists $defs into components and rewrites every $ref, so the document stays valid', async () => {
    // Without hoisting, "#/$defs/…" would point at the document root: the document is invalid.
    const raw = build([]);
    raw.paths['/raw'] = { post: { requestBody: { content: { 'application/json': { schema: toJsonSchema(treeTool.input, 'input') } } }, responses: { '200': { description: 'ok' } } } };
    await expect(validate(raw)).rejects.toThrow(/\$defs/);

    const doc = build([treeTool]);
    await expect(validate(doc)).resolves.toBeTruthy();
    expect(findKey(doc, '$defs')).toBe(false);
    expect(doc.components.schemas['Studio']).toMatchObject({ type: 'object', properties: { name: { type: 'string' } } });
    const input = doc.components.schemas['WalkTreeInput'] as { properties: Record<string, { $ref?: string }> };
    expect(input.properties['studio']?.$ref).toBe('#/components/schemas/Studio');
    const treeRef = input.properties['tree']?.$ref ?? '';
    expect(treeRef).toMatch(/^#\/components\/schemas\/WalkTreeInput/);
    const tree = doc.components.schemas[treeRef.split('/').pop() ?? ''] as { properties: { children: { items: { $ref: string } } } };
    expect(tree.properties.children.items.$ref).toBe(treeRef); // the recursion points at itself
    // As output, zod closes the object (additionalProperties: false): a different definition, so
    // it gets its own name instead of silently replacing the input's.
    const output = doc.components.schemas['WalkTreeOutput'] as { properties: Record<string, { $ref?: string }> };
    expect(output.properties['studio']?.$ref).toBe('#/components/schemas/WalkTreeOutputStudio');
    expect(doc.components.schemas['WalkTreeOutputStudio']).toMatchObject({ additionalProperties: false });
  });

  it('shares one definition that several schemas use', async () => {
    const sameStudio = toolWith('list_studios', z.object({ studio: Studio }), treeTool.output);
    const doc = build([treeTool, sameStudio]);
    await expect(validate(doc)).resolves.toBeTruthy();
    const input = doc.components.schemas['ListStudiosInput'] as { properties: Record<string, { $ref?: string }> };
    expect(input.properties['studio']?.$ref).toBe('#/components/schemas/Studio');
    expect(Object.keys(doc.components.schemas).filter((n) => n.includes('Studio') && !n.startsWith('ListStudios')).sort()).toEqual(['Studio', 'WalkTreeOutputStudio']);
  });

  it('keeps two different definitions with the same id apart', async () => {
    const Other = z.object({ title: z.string() }).meta({ id: 'Studio' });
    const clashing = toolWith('other_tool', z.object({ s: Other }), z.object({ s: Other }));
    const doc = build([treeTool, clashing]);
    await expect(validate(doc)).resolves.toBeTruthy();
    const refOf = (schema: string): string | undefined => (doc.components.schemas[schema] as { properties: { s: { $ref?: string } } }).properties.s.$ref;
    expect(refOf('OtherToolInput')).toBe('#/components/schemas/OtherToolInputStudio');
    expect(refOf('OtherToolOutput')).toBe('#/components/schemas/OtherToolOutputStudio');
    expect(doc.components.schemas['OtherToolInputStudio']).toMatchObject({ properties: { title: { type: 'string' } } });
    expect(doc.components.schemas['Studio']).toMatchObject({ properties: { name: { type: 'string' } } });
  });
});

import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { admissionOf, clientKeyOf, keyDigest } from './admission';

const req = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Request =>
  ({ method, originalUrl: url, body, ip: '10.0.0.9', socket: {}, header: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

describe('admissionOf', () => {
  it('charges a batch one point per question and a JSON-RPC batch one per message (issue #15: one point bought 100 questions)', () => {
    expect(admissionOf(req('POST', '/api/batch', { queries: Array(100).fill('naruto') }))).toEqual({ kind: 'public', workClass: 'agent', cost: 100, weight: 10 });
    // Over the maximum the controller refuses it whole (413): it costs one request, not 101.
    expect(admissionOf(req('POST', '/api/batch', { queries: Array(101).fill('naruto') }))).toMatchObject({ cost: 1 });
    const calls = Array.from({ length: 100 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'search_anime', arguments: { text: 'x' } } }));
    expect(admissionOf(req('POST', '/mcp', calls))).toEqual({ kind: 'public', workClass: 'lookup', cost: 100, weight: 1 });
    const asks = calls.map((c) => ({ ...c, params: { name: 'ask_anime', arguments: { question: 'x' } } }));
    expect(admissionOf(req('POST', '/mcp', asks))).toEqual({ kind: 'public', workClass: 'agent', cost: 100, weight: 10 });
  });

  it('sorts routes into agent questions, lookups, admin and open routes', () => {
    expect(admissionOf(req('POST', '/api/query?x=1', { question: 'x' }))).toMatchObject({ workClass: 'agent', cost: 1 });
    expect(admissionOf(req('POST', '/api/query/stream', { question: 'x' }))).toMatchObject({ workClass: 'agent' });
    expect(admissionOf(req('POST', '/API/tools/ask_anime', {}))).toMatchObject({ workClass: 'agent' });
    expect(admissionOf(req('POST', '/api/tools/search_anime', {}))).toMatchObject({ workClass: 'lookup', cost: 1 });
    expect(admissionOf(req('GET', '/mcp'))).toMatchObject({ workClass: 'lookup', weight: 0 }); // a session's event stream holds no slot
    expect(admissionOf(req('GET', '/api/admin/jobs'))).toEqual({ kind: 'admin' });
    for (const path of ['/health', '/health/ready', '/metrics', '/docs', '/', '/api/toolsx']) expect(admissionOf(req('GET', path)).kind, path).toBe('open');
  });
});

describe('clientKeyOf', () => {
  const known = new Set([keyDigest('a-real-key-of-this-server')]);
  it('gives a key its own bucket only when it authenticates; made-up keys count against the IP', () => {
    expect(clientKeyOf(req('GET', '/api/tools', undefined, { 'x-api-key': 'a-real-key-of-this-server' }), known)).toBe(`key:${keyDigest('a-real-key-of-this-server').slice(0, 32)}`);
    expect(clientKeyOf(req('GET', '/api/tools', undefined, { authorization: 'Bearer a-real-key-of-this-server' }), known)).toMatch(/^key:/);
    expect(clientKeyOf(req('GET', '/api/tools', undefined, { 'x-api-key': 'random-1' }), known)).toBe('ip:10.0.0.9');
    expect(clientKeyOf(req('GET', '/api/tools', undefined, { authorization: 'Bearer random-2' }), known)).toBe('ip:10.0.0.9');
    expect(clientKeyOf(req('GET', '/api/tools'), known)).toBe('ip:10.0.0.9');
  });
});

import { randomUUID } from 'node:crypto';
import { All, Controller, Delete, Get, Inject, Post, Req, Res, type OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { RpcClient } from '@anime/platform-messaging';
import { LOGGER, type Logger } from '@anime/platform-observability';
import { buildVersion } from '@anime/platform-runtime';
import { GATEWAY_ENV, type GatewayEnv } from '../gateway.env';
import { createMcpServer } from './mcp-server.factory';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const VERSION = buildVersion();

function rpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * MCP over streamable HTTP at /mcp. Stateless by default (a fresh server per request: any
 * replica can answer anything); with MCP_SESSIONS=true, clients that initialize get an
 * `Mcp-Session-Id` and their later requests (and the GET event stream) reach the same session.
 * When the gateway listens on loopback, requests whose Host/Origin is not a loopback name get 403
 * (DNS-rebinding protection).
 */
@Controller('mcp')
export class McpHttpController implements OnModuleDestroy {
  private readonly sessions = new Map<string, StreamableHTTPServerTransport>();

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv & { HOST?: string },
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((t) => t.close()));
    this.sessions.clear();
  }

  @Post()
  async post(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.allowed(req, res)) return;
    if (!this.env.MCP_SESSIONS) return this.stateless(req, res);
    const sessionId = req.header('mcp-session-id');
    if (sessionId) {
      const transport = this.sessions.get(sessionId);
      if (!transport) return rpcError(res, 404, -32001, `Unknown or expired MCP session ${sessionId}; initialize again`);
      return transport.handleRequest(req, res, req.body);
    }
    if (!isInitializeRequest(req.body)) return rpcError(res, 400, -32600, 'Send initialize first (no Mcp-Session-Id header)');
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void this.sessions.set(id, transport),
    });
    transport.onclose = () => {
      if (transport.sessionId) this.sessions.delete(transport.sessionId);
    };
    await createMcpServer({ rpc: this.rpc, version: VERSION }).connect(transport);
    await transport.handleRequest(req, res, req.body);
  }

  @Get()
  async get(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.allowed(req, res)) return;
    const transport = this.env.MCP_SESSIONS ? this.sessions.get(req.header('mcp-session-id') ?? '') : undefined;
    if (!transport) {
      res.setHeader('allow', 'POST');
      return rpcError(res, 405, -32000, this.env.MCP_SESSIONS ? 'Open the event stream with a valid Mcp-Session-Id' : 'This server is stateless: use POST');
    }
    await transport.handleRequest(req, res);
  }

  @Delete()
  async delete(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.allowed(req, res)) return;
    const transport = this.env.MCP_SESSIONS ? this.sessions.get(req.header('mcp-session-id') ?? '') : undefined;
    if (!transport) {
      res.setHeader('allow', 'POST');
      return rpcError(res, 405, -32000, 'No session to end');
    }
    await transport.handleRequest(req, res);
  }

  @All()
  other(@Res() res: Response): void {
    res.setHeader('allow', this.env.MCP_SESSIONS ? 'GET, POST, DELETE' : 'POST');
    rpcError(res, 405, -32000, 'Method not allowed');
  }

  private async stateless(req: Request, res: Response): Promise<void> {
    const server = createMcpServer({ rpc: this.rpc, version: VERSION });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (error) {
      this.logger.error({ err: error }, 'mcp request failed');
      if (!res.headersSent) rpcError(res, 500, -32603, 'Internal error');
    }
  }

  /** DNS-rebinding protection for a gateway bound to loopback. */
  private allowed(req: Request, res: Response): boolean {
    if (!LOOPBACK.has(this.env.HOST ?? '127.0.0.1')) return true;
    const host = hostnameOf(req.header('host'));
    const origin = req.header('origin');
    const originHost = origin ? hostnameOf(safeUrlHost(origin)) : undefined;
    const ok = host !== undefined && LOOPBACK.has(host) && (origin === undefined || (originHost !== undefined && LOOPBACK.has(originHost)));
    if (!ok) rpcError(res, 403, -32000, 'Forbidden: this server only answers requests addressed to localhost');
    return ok;
  }
}

function safeUrlHost(url: string): string | undefined {
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** "localhost:3000" → "localhost"; "[::1]:3000" → "[::1]". */
function hostnameOf(hostHeader: string | undefined): string | undefined {
  if (!hostHeader) return undefined;
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  return hostHeader.split(':')[0]?.toLowerCase();
}

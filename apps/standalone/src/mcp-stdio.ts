/**
 * MCP over stdio: the whole embedded system in this process, the MCP protocol on stdin/stdout,
 * logs on stderr only. For MCP client configs (Claude Desktop/Code, Inspector):
 *   { "command": "node", "args": ["<repo>/dist/apps/standalone/src/mcp-stdio.js"],
 *     "env": { "DATA_DIR": "<repo>/data", "ANIME_DB_SOURCE": "<release file or URL>" } }
 * (run `npm run build` once first).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ConfigError } from '@anime/platform-config';
import { RpcClient } from '@anime/platform-messaging';
import { buildVersion, installProcessGuard, runApp } from '@anime/platform-runtime';
import { createMcpServer } from '@anime/service-gateway';
import { standalone } from './standalone';

async function main(): Promise<void> {
  const running = await runApp({ ...standalone, app: 'standalone-mcp-stdio', listen: false, logFd: 2 }, process.env);
  installProcessGuard(running.logger, running.metrics);
  const server = createMcpServer({ rpc: running.app.get(RpcClient), version: buildVersion() });
  const transport = new StdioServerTransport();
  let closing = false;
  const shutdown = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => undefined);
    await running.close();
    process.exit(0);
  };
  transport.onclose = () => void shutdown();
  process.stdin.on('end', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  await server.connect(transport);
  running.logger.info('mcp stdio server ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack}\n`);
  process.exit(1);
});

export { GatewayModule, GATEWAY_HTTP_OPTIONS } from './gateway.module';
export { GatewayEnvSchema } from './gateway.env';
export type { GatewayEnv } from './gateway.env';
export type { SystemHealth, ServiceStatus } from './check-services.usecase';
export { createMcpServer } from './mcp/mcp-server.factory';
export { TOOLS, findTool, runTool } from './tools/tool-registry';
export type { ToolDefinition, ToolContext } from './tools/tool-definition';

import type { z } from 'zod';
import type { ErrorCode } from '@anime/contracts';
import type { RpcClient } from '@anime/platform-messaging';

/** What a tool's execute() gets besides its input. */
export interface ToolContext {
  rpc: RpcClient;
  /** Aborts when the MCP client cancels or the HTTP client goes away. */
  signal?: AbortSignal;
  /** Reports progress (MCP `notifications/progress` when the client asked for it). */
  progress(progress: number, total?: number, message?: string): Promise<void>;
}

/** MCP tool annotations, set truthfully per tool. */
export interface ToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint: boolean;
  /** True when the tool reaches outside our own data (live upstream sources). */
  openWorldHint: boolean;
}

/**
 * One tool, defined once and served twice: as an MCP tool and as `POST /api/tools/{name}`.
 * Input/output schemas come from `libs/contracts`; `execute` only calls contracts (no logic here).
 */
export interface ToolDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  name: string;
  /** Written for a model: what it does, when to use it, what it returns. */
  description: string;
  input: I;
  output: O;
  annotations: ToolAnnotations;
  execute(input: z.output<I>, ctx: ToolContext): Promise<z.output<O>>;
  /** A short readable summary of the result (the MCP text content). */
  summarize(output: z.output<O>): string;
  /** How the model can recover from each error code this tool can return. */
  hints?: Partial<Record<ErrorCode, string>>;
}

/** Identity helper that keeps the generic types of a tool definition. */
export function defineTool<I extends z.ZodType, O extends z.ZodType>(tool: ToolDefinition<I, O>): ToolDefinition<I, O> {
  return tool;
}

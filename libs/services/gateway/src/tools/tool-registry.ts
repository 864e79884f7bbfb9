import { AppError, InternalError, validationErrorFromZod, type ErrorBody } from '@anime/contracts';
import { askAnimeTool } from './agent.tools';
import { CATALOG_TOOLS } from './catalog.tools';
import { compareAnimeTool, getAnimeDetailsTool } from './details.tools';
import { animeScheduleTool } from './schedule.tools';
import { PLOT_TOOLS } from './plot.tools';
import type { ToolContext, ToolDefinition } from './tool-definition';
import { VECTOR_TOOLS } from './vector.tools';

/** Every tool of the system; MCP and REST both serve exactly this list. */
export const TOOLS: readonly ToolDefinition[] = [...CATALOG_TOOLS, getAnimeDetailsTool, compareAnimeTool, askAnimeTool, animeScheduleTool, ...VECTOR_TOOLS, ...PLOT_TOOLS] as unknown as ToolDefinition[];

export type ToolOutcome = { ok: true; output: unknown; text: string } | { ok: false; error: AppError; hint?: string };

/** Looks a tool up by name. */
export function findTool(name: string): ToolDefinition | undefined {
  return TOOLS.find((t) => t.name === name);
}

/**
 * Runs a tool on already-validated input: typed errors come back as outcomes (MCP isError / HTTP
 * problem), each with the tool's recovery hint; an untyped error becomes INTERNAL.
 */
export async function runTool(tool: ToolDefinition, input: unknown, ctx: ToolContext): Promise<ToolOutcome> {
  try {
    const output = await tool.execute(input, ctx);
    const checked = tool.output.safeParse(output);
    if (!checked.success) throw new InternalError(`${tool.name} produced output that breaks its schema`, { details: { issues: validationErrorFromZod(checked.error, 'output').details?.['issues'] } });
    return { ok: true, output: checked.data, text: tool.summarize(checked.data) };
  } catch (error) {
    const appError = error instanceof AppError ? error : new InternalError(`${tool.name} failed unexpectedly`, { cause: error });
    return { ok: false, error: appError, hint: tool.hints?.[appError.code] ?? defaultHint(appError.code) };
  }
}

function defaultHint(code: ErrorBody['code']): string | undefined {
  switch (code) {
    case 'SERVICE_UNAVAILABLE':
    case 'DEADLINE_EXCEEDED':
      return 'A backend service is unavailable or slow; retry shortly.';
    case 'NOT_READY':
      return 'The catalog is still loading its dataset; retry in a minute.';
    case 'RATE_LIMITED':
      return 'Too many requests; wait before retrying.';
    default:
      return undefined;
  }
}

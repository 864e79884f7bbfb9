import { Controller, Get, HttpCode, HttpException, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { NotFoundError, parseStrict, toJsonSchema, type AppError } from '@anime/contracts';
import { RpcClient } from '@anime/platform-messaging';
import { TOOLS, findTool, runTool } from '../tools/tool-registry';
import type { ToolAnnotations, ToolDefinition } from '../tools/tool-definition';
import { abortWhenClientGone } from './client-abort';
import { IMAGE_UPLOAD_TOOLS, readImageForm } from './image-form';
import { ToolFailedError } from './tool-failed.error';

/** One entry of `GET /api/tools`: what MCP's tools/list says about a tool, for REST clients. */
export interface ToolListing {
  name: string;
  description: string;
  annotations: ToolAnnotations;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
}

/** The listing of every registered tool (JSON Schemas from the tools' zod schemas). */
export function listTools(tools: readonly ToolDefinition[] = TOOLS): ToolListing[] {
  return tools.map((t) => ({
    name: t.name,
    description: t.description,
    annotations: t.annotations,
    inputSchema: toJsonSchema(t.input, 'input'),
    outputSchema: toJsonSchema(t.output, 'output'),
  }));
}

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * The tool registry over REST: `POST /api/tools/{name}` takes the tool's input as the JSON body
 * and answers its structured output; failures are problem+json with the tool's recovery `hint`.
 * Thin on purpose: validation, execution and hints all come from the registry.
 */
@Controller('api/tools')
export class ToolsController {
  private readonly listing = listTools();

  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(): { tools: ToolListing[] } {
    return { tools: this.listing };
  }

  @Post(':name')
  @HttpCode(200)
  async call(@Param('name') name: string, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<unknown> {
    const tool = findTool(name);
    if (!tool) {
      const known = TOOLS.map((t) => t.name);
      throw new NotFoundError(`No tool named "${name}"; known tools: ${known.join(', ')}`, { details: { tools: known } });
    }
    // No body at all = no arguments (tools without parameters); a body must be JSON.
    let body: unknown = {};
    if (hasBody(req)) {
      const upload = IMAGE_UPLOAD_TOOLS.has(tool.name);
      if (upload && req.is('multipart/form-data')) body = await readImageForm(req).catch((error: AppError) => Promise.reject(this.failure(tool, error)));
      else if (!req.is('application/json')) {
        throw new HttpException(`Send the input of ${tool.name} as a JSON body (content-type: application/json)${upload ? ' or as multipart/form-data with an "image" file' : ''}`, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
      } else body = req.body;
    }
    const parsed = parseStrict(tool.input, body, `input of ${tool.name}`);
    if (!parsed.ok) throw this.failure(tool, parsed.error);

    const outcome = await runTool(tool, parsed.data, { rpc: this.rpc, signal: abortWhenClientGone(res), progress: async () => undefined });
    if (!outcome.ok) throw new ToolFailedError(tool.name, outcome.error, outcome.hint);
    return outcome.output;
  }

  private failure(tool: ToolDefinition, error: AppError): ToolFailedError {
    return new ToolFailedError(tool.name, error, tool.hints?.[error.code]);
  }
}

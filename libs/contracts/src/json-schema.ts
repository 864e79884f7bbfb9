import { z } from 'zod';
import type { RpcContract } from './rpc';

/** JSON Schema (draft 2020-12) of a zod schema, as MCP, OpenAPI and the snapshot test see it. */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
}

/** Request/response JSON Schemas of a contract. */
export function contractJsonSchemas(contract: RpcContract): { subject: string; request: unknown; response: unknown } {
  return {
    subject: contract.subject,
    request: toJsonSchema(contract.request, 'input'),
    response: toJsonSchema(contract.response, 'output'),
  };
}

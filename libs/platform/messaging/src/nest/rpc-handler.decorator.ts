import { SetMetadata } from '@nestjs/common';
import type { RpcContract } from '@anime/contracts';
import { RPC_HANDLER_METADATA } from './tokens';

/**
 * Marks a provider method as the handler of `contract`. The method receives the parsed request
 * and a `HandlerContext`; it returns the response or throws a typed `AppError`.
 */
export const RpcHandler = (contract: RpcContract): MethodDecorator => SetMetadata(RPC_HANDLER_METADATA, contract);

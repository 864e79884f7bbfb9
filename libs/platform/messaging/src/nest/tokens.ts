/** DI tokens of the messaging module. */
export const RPC_TRANSPORT = Symbol('RPC_TRANSPORT');
export const RPC_HANDLER_METADATA = 'anime:rpc-handler';

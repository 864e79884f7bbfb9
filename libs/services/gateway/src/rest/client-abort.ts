import type { ServerResponse } from 'node:http';
import { CancelledError } from '@anime/contracts';

/**
 * An AbortSignal that fires when the HTTP client goes away before the response was sent, so the
 * work done for it (RPC calls, upstream requests) stops. It listens on the *response*: since
 * Node 16 the request's 'close' fires as soon as its body has been read, not on disconnect.
 */
export function abortWhenClientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new CancelledError('The HTTP client disconnected before the response was sent'));
  });
  return controller.signal;
}

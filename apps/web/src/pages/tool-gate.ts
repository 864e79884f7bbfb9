import { availableTools } from '../api/http';
import type { PageContext } from '../router';
import { replace } from '../ui/dom';
import { errorMessage, loading, unavailableMessage } from '../ui/feedback';

/**
 * Shows `heading` while asking the server which tools it has; true when `tool` is there. Otherwise
 * the page says why it cannot work (server unreachable, or this server lacks the tool) and the
 * caller stops.
 */
export async function openToolPage(ctx: PageContext, heading: HTMLElement, tool: string, what: string, unavailable: string): Promise<boolean> {
  replace(ctx.outlet, heading, loading(what));
  let tools: Set<string>;
  try {
    tools = await availableTools();
  } catch (error) {
    replace(ctx.outlet, heading, errorMessage(error));
    return false;
  }
  if (ctx.signal.aborted) return false;
  if (tools.has(tool)) return true;
  replace(ctx.outlet, heading, unavailableMessage(unavailable));
  return false;
}

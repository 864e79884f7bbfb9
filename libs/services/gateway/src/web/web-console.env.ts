import { z } from 'zod';

/** Variables of the web console the gateway serves at `/` (merged into GatewayEnvSchema). */
export const WebConsoleEnvSchema = z.object({
  WEB_CONSOLE_DIR: z
    .string()
    .trim()
    .optional()
    .describe('Folder with the built web console (index.html + assets/); default <build dir>/web, written by `npm run build`'),
});

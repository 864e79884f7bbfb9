import { main } from '@anime/platform-runtime';
import { standalone } from './standalone';

// Humans start this with `npm start`: say where to open the console (stderr; stdout is JSON logs).
main(standalone, ({ url }) => {
  const local = url.replace('://0.0.0.0:', '://localhost:').replace('://[::]:', '://localhost:');
  process.stderr.write(`\n  Anime console: ${local}/\n  API docs:      ${local}/docs   MCP: ${local}/mcp\n\n`);
});

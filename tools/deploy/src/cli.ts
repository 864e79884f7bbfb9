// `node tools/deploy/validate.mjs` (or, after `npm run build`, `node dist/tools/deploy/src/cli.js`):
// validates k8s/overlays/* and docker-compose.yml and prints what it checked. Exit 1 on any problem.
import { main } from './validate';

process.exitCode = main();

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What the deployment files must agree with, read from the repo itself. */
export interface RepoFacts {
  root: string;
  /** Every deployable app (apps/<name>/src/main.ts, except the embedded `standalone`) and its default PORT. */
  apps: { name: string; port: number }[];
  /** Every variable .env.example names (commented-out entries included: they are documented, just unset). */
  envExample: Set<string>;
}

/** Not deployed as services: the embedded all-in-one, and the web console (static files the gateway serves). */
export const NOT_DEPLOYED = ['standalone', 'web'];
/** Exactly one replica, no HPA: it runs the update jobs and the schedule. */
export const SINGLETON_APPS = ['ingest'];
/** Load the dataset at boot (startupProbe) and share DATA_DIR (the ReadWriteMany volume). */
export const DATASET_APPS = ['vector-search', 'ingest'];
/** The only app reachable from outside. */
export const EXPOSED_APP = 'gateway';
/** Apps that need REDIS_URL in distributed mode. */
export const REDIS_APPS = ['gateway', 'agent-orchestrator', 'ingest'];
/** The Secret prod expects to exist in the cluster (not shipped) and the keys it must hold. */
export const EXTERNAL_SECRETS: Record<string, string[]> = { 'anime-mcp-secrets': ['ADMIN_API_KEYS', 'LLM_API_KEY', 'ANIMESCHEDULE_TOKEN'] };
/** Image repository of the project's own images (one per app, built from deploy/Dockerfile). */
export const IMAGE_REPOSITORY = 'ghcr.io/anime-mcp-server/';

export function readRepoFacts(root: string): RepoFacts {
  const apps = readdirSync(join(root, 'apps'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !NOT_DEPLOYED.includes(d.name) && existsSync(join(root, 'apps', d.name, 'src/main.ts')))
    .map((d) => {
      const env = readFileSync(join(root, 'apps', d.name, 'src/env.ts'), 'utf8');
      const port = env.match(/PORT:[^\n]*?\.default\((\d+)\)/)?.[1];
      if (!port) throw new Error(`apps/${d.name}/src/env.ts: no PORT default found`);
      return { name: d.name, port: Number(port) };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const envExample = new Set(
    readFileSync(join(root, '.env.example'), 'utf8')
      .split('\n')
      .map((line) => line.match(/^#?\s*([A-Z][A-Z0-9_]*)=/)?.[1])
      .filter((name): name is string => Boolean(name)),
  );
  return { root, apps, envExample };
}

/** Kubernetes quantity → number (bytes for memory, cores for cpu). */
export function quantity(value: unknown): number {
  const s = String(value);
  const m = s.match(/^([0-9.]+(?:e[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|K|M|G|T|P|E)?$/);
  if (!m) throw new Error(`not a quantity: ${s}`);
  const factors: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return Number(m[1]) * (factors[m[2] ?? ''] ?? 1);
}

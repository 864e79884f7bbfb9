import { objectId, podSpecOf, type K8sObject } from './kustomize';
import { DATASET_APPS, EXPOSED_APP, EXTERNAL_SECRETS, IMAGE_REPOSITORY, REDIS_APPS, SINGLETON_APPS, quantity, type RepoFacts } from './repo';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON; the schema check has already run */
type Any = any;

const PART_OF = 'anime-mcp-server';
const NAME = 'app.kubernetes.io/name';
const PART_OF_LABEL = 'app.kubernetes.io/part-of';
/** What the runtime adds to SHUTDOWN_GRACE_MS before it gives up (libs/platform/runtime: overrun guard). */
const SHUTDOWN_OVERRUN_MS = 2_000;
const VECTOR_SEARCH_MIN_MEMORY = 600 * 2 ** 20;

const find = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined => objects.find((o) => o.kind === kind && o.metadata.name === name);
const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  Boolean(selector && Object.keys(selector).length && Object.entries(selector).every(([k, v]) => labels?.[k] === v));
const templateLabels = (o: K8sObject): Record<string, string> | undefined => (o as Any).spec?.template?.metadata?.labels;
const workloads = (objects: K8sObject[]): K8sObject[] => objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
const containersOf = (o: K8sObject): Any[] => {
  const pod = podSpecOf(o) as Any;
  return pod ? [...(pod.initContainers ?? []), ...(pod.containers ?? [])] : [];
};
const isProjectImage = (c: Any): boolean => typeof c.image === 'string' && c.image.startsWith(IMAGE_REPOSITORY);

/** Resolves a probe/Service port (number or container port name) against a container. */
function resolvePort(container: Any, port: unknown): number | undefined {
  if (typeof port === 'number') return port;
  return (container.ports ?? []).find((p: Any) => p.name === port)?.containerPort;
}

/** The environment a container sees: its env plus the ConfigMaps/Secrets it imports (what the render knows of them). */
function containerEnv(objects: K8sObject[], c: Any): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  for (const from of c.envFrom ?? []) {
    const cm = from.configMapRef && find(objects, 'ConfigMap', from.configMapRef.name);
    for (const [k, v] of Object.entries((cm as Any)?.data ?? {})) env.set(k, String(v));
    if (from.secretRef) {
      const secret = find(objects, 'Secret', from.secretRef.name) as Any;
      const keys = secret ? Object.keys({ ...secret.data, ...secret.stringData }) : (EXTERNAL_SECRETS[from.secretRef.name] ?? []);
      for (const k of keys) env.set(k, undefined);
    }
  }
  for (const e of c.env ?? []) env.set(e.name, e.value);
  return env;
}

/**
 * The project's deployment invariants over one rendered overlay. Returns one line per violation
 * (empty = all hold). Generic Kubernetes correctness is `schemaProblems`' job; this is about *our*
 * system: every app deployed and probed the way it serves health, only the gateway exposed, etc.
 */
export function invariantProblems(objects: K8sObject[], facts: RepoFacts): string[] {
  const problems: string[] = [];
  const fail = (o: K8sObject | string, msg: string): void => {
    problems.push(`${typeof o === 'string' ? o : objectId(o)}: ${msg}`);
  };

  // --- labels, namespace -------------------------------------------------------------------------
  for (const o of objects) {
    if (!o.metadata.labels?.[NAME]) fail(o, `label ${NAME} missing`);
    if (o.metadata.labels?.[PART_OF_LABEL] !== PART_OF) fail(o, `label ${PART_OF_LABEL}: ${PART_OF} missing`);
  }
  const namespaces = new Set(objects.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace));
  const [namespace] = [...namespaces];
  if (namespaces.size !== 1 || namespace === undefined) fail('render', `every object must be in one namespace (found ${[...namespaces].join(', ')})`);
  else if (!find(objects, 'Namespace', namespace)) fail('render', `no Namespace object for ${namespace}`);

  // --- every workload / container ----------------------------------------------------------------
  for (const w of workloads(objects)) {
    const spec = (w as Any).spec;
    const labels = templateLabels(w);
    if (!labels?.[NAME] || labels[PART_OF_LABEL] !== PART_OF) fail(w, `pod template needs labels ${NAME} and ${PART_OF_LABEL}`);
    if (!matches(spec?.selector?.matchLabels, labels)) fail(w, 'selector.matchLabels does not match the pod template labels');
    const pod = podSpecOf(w) as Any;
    const annotations = spec?.template?.metadata?.annotations ?? {};
    const ports = containersOf(w).flatMap((c) => (c.ports ?? []).map((p: Any) => p.containerPort));
    if (annotations['prometheus.io/scrape'] !== 'true' || !ports.includes(Number(annotations['prometheus.io/port'])) || !annotations['prometheus.io/path']) {
      fail(w, 'pod template needs prometheus.io/scrape "true", prometheus.io/port (a container port) and prometheus.io/path');
    }
    const podNonRoot = pod?.securityContext?.runAsNonRoot === true;
    for (const c of containersOf(w)) {
      const where = `${objectId(w)} container ${c.name}`;
      const image = String(c.image ?? '');
      const tag = image.includes('@sha256:') ? 'digest' : image.match(/:([^/:]+)$/)?.[1];
      if (!image) fail(where, 'no image');
      else if (!tag || tag === 'latest') fail(where, `image ${image} is not pinned (needs a tag other than latest, or a digest)`);
      for (const kind of ['requests', 'limits'] as const) {
        for (const r of ['cpu', 'memory']) if (c.resources?.[kind]?.[r] === undefined) fail(where, `resources.${kind}.${r} not set`);
      }
      for (const r of ['cpu', 'memory']) {
        const req = c.resources?.requests?.[r];
        const lim = c.resources?.limits?.[r];
        if (req !== undefined && lim !== undefined && quantity(req) > quantity(lim)) fail(where, `${r} request ${req} exceeds its limit ${lim}`);
      }
      if (!podNonRoot && c.securityContext?.runAsNonRoot !== true) fail(where, 'runAsNonRoot not set (pod or container)');
      if (c.securityContext?.allowPrivilegeEscalation !== false) fail(where, 'allowPrivilegeEscalation must be false');
    }
  }

  // --- references ---------------------------------------------------------------------------------
  for (const w of workloads(objects)) {
    const pod = podSpecOf(w) as Any;
    for (const v of pod?.volumes ?? []) {
      if (v.persistentVolumeClaim && !find(objects, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName)) fail(w, `volume ${v.name}: no PVC ${v.persistentVolumeClaim.claimName}`);
      if (v.configMap && !find(objects, 'ConfigMap', v.configMap.name)) fail(w, `volume ${v.name}: no ConfigMap ${v.configMap.name}`);
    }
    for (const c of containersOf(w)) {
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef && !find(objects, 'ConfigMap', from.configMapRef.name)) fail(w, `envFrom: no ConfigMap ${from.configMapRef.name}`);
        if (from.secretRef && !find(objects, 'Secret', from.secretRef.name) && !EXTERNAL_SECRETS[from.secretRef.name]) fail(w, `envFrom: no Secret ${from.secretRef.name}`);
      }
    }
  }
  for (const s of objects.filter((o) => o.kind === 'Service')) {
    const spec = (s as Any).spec;
    if (['NodePort', 'LoadBalancer'].includes(spec?.type) || spec?.externalIPs?.length) fail(s, `type ${spec.type}: only the ${EXPOSED_APP} is exposed, through its Ingress`);
    const targets = workloads(objects).filter((w) => matches(spec?.selector, templateLabels(w)));
    if (!targets.length) fail(s, 'selector matches no pod template');
    for (const p of spec?.ports ?? []) {
      const target = p.targetPort ?? p.port;
      if (!targets.some((w) => containersOf(w).some((c) => resolvePort(c, target) !== undefined))) fail(s, `port ${p.port}: targetPort ${target} is no container port of the selected pods`);
    }
  }
  for (const h of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const ref = (h as Any).spec?.scaleTargetRef;
    if (!find(objects, ref?.kind, ref?.name)) fail(h, `scaleTargetRef ${ref?.kind}/${ref?.name} does not exist`);
    if (((h as Any).spec.minReplicas ?? 1) > (h as Any).spec.maxReplicas) fail(h, 'minReplicas > maxReplicas');
  }
  for (const p of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    if (!workloads(objects).some((w) => matches((p as Any).spec?.selector?.matchLabels, templateLabels(w)))) fail(p, 'selector matches no pod template');
  }

  // --- exposure: Ingress + NetworkPolicies ---------------------------------------------------------
  const exposedLabels = templateLabels(find(objects, 'Deployment', EXPOSED_APP) ?? ({} as K8sObject));
  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    const spec = (ing as Any).spec ?? {};
    const backends = [spec.defaultBackend, ...(spec.rules ?? []).flatMap((r: Any) => (r.http?.paths ?? []).map((p: Any) => p.backend))].filter(Boolean);
    for (const b of backends) {
      const svc = find(objects, 'Service', b.service?.name);
      if (b.service?.name !== EXPOSED_APP) fail(ing, `backend ${b.service?.name ?? JSON.stringify(b)}: only the ${EXPOSED_APP} may be exposed`);
      else if (!svc || !(svc as Any).spec.ports.some((p: Any) => p.name === b.service.port?.name || p.port === b.service.port?.number)) fail(ing, `backend port ${JSON.stringify(b.service.port)} is not a port of Service ${EXPOSED_APP}`);
    }
  }
  if (!objects.some((o) => o.kind === 'Ingress')) fail('render', `no Ingress for the ${EXPOSED_APP}`);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as Any[];
  const denyAll = policies.some((p) => Object.keys(p.spec?.podSelector ?? { x: 1 }).length === 0 && (p.spec.policyTypes ?? []).includes('Ingress') && !(p.spec.ingress ?? []).length);
  if (!denyAll) fail('render', 'no default-deny ingress NetworkPolicy (podSelector {}, policyTypes [Ingress], no rules)');
  for (const p of policies) {
    const openRule = (p.spec?.ingress ?? []).some((r: Any) => !r.from?.length || r.from.some((f: Any) => f.ipBlock));
    if (openRule && !matches(p.spec.podSelector?.matchLabels, exposedLabels)) fail(p as K8sObject, `allows ingress from anywhere to pods other than the ${EXPOSED_APP}`);
    if (openRule && matches(p.spec.podSelector?.matchLabels, exposedLabels) && !Object.keys(p.spec.podSelector.matchLabels).includes(NAME)) fail(p as K8sObject, `an open rule must select the ${EXPOSED_APP} by ${NAME}`);
  }
  /** Is TCP `port` on the pods labelled `serverLabels` open to pods labelled `clientLabels`? */
  const allowed = (serverLabels: Record<string, string> | undefined, clientLabels: Record<string, string> | undefined, port: number): boolean =>
    policies.some(
      (p) =>
        matches(p.spec?.podSelector?.matchLabels, serverLabels) &&
        (p.spec.ingress ?? []).some(
          (r: Any) =>
            (!r.ports?.length || r.ports.some((rp: Any) => rp.port === port || (rp.endPort && rp.port <= port && port <= rp.endPort))) &&
            (!r.from?.length || r.from.some((f: Any) => f.podSelector && !f.namespaceSelector && (Object.keys(f.podSelector).length === 0 || matches(f.podSelector.matchLabels, clientLabels)))),
        ),
    );

  // --- backing services ----------------------------------------------------------------------------
  for (const name of ['nats', 'qdrant']) {
    const sts = find(objects, 'StatefulSet', name) as Any;
    if (!sts) fail('render', `${name} must be a StatefulSet`);
    else if (!sts.spec.volumeClaimTemplates?.length) fail(sts, 'needs a volumeClaimTemplate (persistent storage)');
  }
  const nats = find(objects, 'StatefulSet', 'nats') as Any;
  if (nats) {
    const c = nats.spec.template.spec.containers.find((x: Any) => x.name === 'nats');
    const conf = (find(objects, 'ConfigMap', 'nats-config') as Any)?.data?.['nats.conf'] ?? '';
    if (!c || !((c.args ?? []).some((a: string) => ['-js', '--jetstream'].includes(a)) || /\bjetstream\s*[{:]/.test(conf))) fail(nats, 'JetStream is not enabled');
  }
  if (!find(objects, 'StatefulSet', 'redis') && !find(objects, 'Deployment', 'redis')) fail('render', 'no Redis (Deployment or StatefulSet)');
  const backing: Record<string, { env: string; port: number; clients: string[] }> = {
    nats: { env: 'NATS_URL', port: 4222, clients: facts.apps.map((a) => a.name) },
    redis: { env: 'REDIS_URL', port: 6379, clients: REDIS_APPS },
    qdrant: { env: 'QDRANT_URL', port: 6333, clients: ['vector-search'] },
  };

  // --- the apps --------------------------------------------------------------------------------------
  const dataClaims = new Set<string>();
  for (const app of facts.apps) {
    const d = find(objects, 'Deployment', app.name) as Any;
    const svc = find(objects, 'Service', app.name) as Any;
    if (!d) {
      fail(`Deployment/${app.name}`, 'missing: every app in apps/ needs a Deployment');
      continue;
    }
    if (!svc) fail(`Service/${app.name}`, 'missing: every app in apps/ needs a Service');
    const pod = d.spec.template.spec;
    const c = pod.containers.find((x: Any) => x.name === app.name);
    if (!c) {
      fail(d, `no container named ${app.name}`);
      continue;
    }
    if (!isProjectImage(c) || !c.image.slice(IMAGE_REPOSITORY.length).startsWith(`${app.name}:`)) fail(d, `image must be ${IMAGE_REPOSITORY}${app.name}:<tag> (deploy/Dockerfile, APP=${app.name})`);
    const env = containerEnv(objects, c);
    const containerPort = c.ports?.[0]?.containerPort;
    if (containerPort !== app.port) fail(d, `containerPort ${containerPort} is not the app's PORT default ${app.port} (apps/${app.name}/src/env.ts)`);
    if (env.get('PORT') !== String(containerPort)) fail(d, `env PORT=${env.get('PORT')} does not match containerPort ${containerPort}`);
    if (env.get('HOST') !== '0.0.0.0') fail(d, 'HOST must be 0.0.0.0 in a container');
    if (env.get('TRANSPORT') !== 'nats') fail(d, 'TRANSPORT must be nats');
    if (svc && !svc.spec.ports.some((p: Any) => resolvePort(c, p.targetPort ?? p.port) === containerPort)) fail(svc, `no port targets the container port ${containerPort}`);
    const probe = (name: string, path: string): void => {
      const p = c[name];
      if (p?.httpGet?.path !== path || resolvePort(c, p.httpGet.port) !== containerPort) fail(d, `${name} must be httpGet ${path} on the container port ${containerPort}`);
    };
    probe('livenessProbe', '/health');
    probe('readinessProbe', '/health/ready');
    if (DATASET_APPS.includes(app.name)) probe('startupProbe', '/health');

    const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && (o as Any).spec.scaleTargetRef?.name === app.name);
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget' && matches((o as Any).spec.selector?.matchLabels, d.spec.template.metadata.labels));
    if (SINGLETON_APPS.includes(app.name)) {
      if (hpas.length) fail(d, 'must not be autoscaled (one replica runs the jobs and the schedule)');
      if (d.spec.replicas !== 1) fail(d, `replicas must be 1 (is ${d.spec.replicas})`);
      if (d.spec.strategy?.type !== 'Recreate') fail(d, 'strategy must be Recreate (never two at once)');
    } else {
      if (hpas.length !== 1) fail(d, `needs exactly one HorizontalPodAutoscaler (found ${hpas.length})`);
      if (!pdbs.length) fail(d, 'needs a PodDisruptionBudget');
    }

    const shutdownMs = Number(env.get('SHUTDOWN_GRACE_MS') ?? 10_000);
    const sleep = c.lifecycle?.preStop?.exec?.command?.join(' ').match(/sleep\s+(\d+)/)?.[1] ?? c.lifecycle?.preStop?.sleep?.seconds ?? 0;
    const graceMs = (pod.terminationGracePeriodSeconds ?? 30) * 1000;
    if (graceMs <= shutdownMs + SHUTDOWN_OVERRUN_MS + Number(sleep) * 1000) fail(d, `terminationGracePeriodSeconds ${graceMs / 1000} s must exceed SHUTDOWN_GRACE_MS ${shutdownMs} ms + ${SHUTDOWN_OVERRUN_MS} ms + preStop ${sleep} s`);

    if (c.securityContext?.readOnlyRootFilesystem !== true) fail(d, 'readOnlyRootFilesystem must be true');
    const tmp = (c.volumeMounts ?? []).find((m: Any) => m.mountPath === '/tmp');
    if (!tmp || !pod.volumes?.find((v: Any) => v.name === tmp.name)?.emptyDir) fail(d, '/tmp must be an emptyDir (read-only root filesystem)');
    if (pod.securityContext?.runAsNonRoot !== true) fail(d, 'pod securityContext.runAsNonRoot must be true');

    if (DATASET_APPS.includes(app.name)) {
      const dataDir = env.get('DATA_DIR');
      const mount = (c.volumeMounts ?? []).find((m: Any) => m.mountPath === dataDir);
      const claim = pod.volumes?.find((v: Any) => v.name === mount?.name)?.persistentVolumeClaim?.claimName;
      const pvc = claim && (find(objects, 'PersistentVolumeClaim', claim) as Any);
      if (!dataDir || !pvc) fail(d, `DATA_DIR (${dataDir}) must be a PersistentVolumeClaim mount`);
      else {
        dataClaims.add(claim);
        if (!pvc.spec.accessModes?.includes('ReadWriteMany')) fail(pvc, `shared by ${DATASET_APPS.join(' and ')}: accessModes must include ReadWriteMany`);
      }
    }
    if (app.name === 'vector-search') {
      const limit = c.resources?.limits?.memory;
      if (!limit || quantity(limit) < VECTOR_SEARCH_MIN_MEMORY) fail(d, `memory limit ${limit} < 600Mi (the 40k catalog takes ~400 MB)`);
    }

    for (const [server, b] of Object.entries(backing)) {
      if (!b.clients.includes(app.name)) continue;
      const url = env.get(b.env);
      const [, hostname = '', port = String(b.port)] = url?.match(/^[a-z]+:\/\/([^:/]+)(?::(\d+))?/) ?? [];
      const target = find(objects, 'Service', hostname) as Any;
      if (!url) fail(d, `${b.env} not set`);
      else if (!target || !target.spec.ports.some((p: Any) => p.port === Number(port))) fail(d, `${b.env}=${url}: no Service ${hostname} with port ${port}`);
      const serverSet = find(objects, 'StatefulSet', server) ?? find(objects, 'Deployment', server);
      if (serverSet && !allowed(templateLabels(serverSet), d.spec.template.metadata.labels, b.port)) fail(d, `NetworkPolicies do not let it reach ${server}:${b.port}`);
    }
    if (app.name !== EXPOSED_APP && allowed(d.spec.template.metadata.labels, {}, app.port)) fail(d, 'reachable from arbitrary pods (only the gateway is exposed)');

    for (const name of env.keys()) if (!facts.envExample.has(name)) fail(d, `env ${name} is not documented in .env.example`);
  }
  if (dataClaims.size > 1) fail('render', `${DATASET_APPS.join(' and ')} must share one DATA_DIR volume (found ${[...dataClaims].join(', ')})`);
  const exposedPort = facts.apps.find((a) => a.name === EXPOSED_APP)?.port ?? 0;
  if (exposedLabels && !allowed(exposedLabels, {}, exposedPort)) fail('render', `no NetworkPolicy lets the Ingress controller reach the ${EXPOSED_APP} on ${exposedPort}`);
  return problems;
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, parse as parseYaml } from 'yaml';

/** A Kubernetes object as it comes out of a YAML document. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

/**
 * A pure-JS renderer for the subset of kustomize this repo uses, so the manifests can be checked on
 * machines without kubectl. It follows kustomize's semantics and order (resources → patches →
 * namespace → replicas → images) and refuses every field it does not implement rather than
 * silently ignoring it. Where kubectl is present the test renders with both and compares.
 */
const SUPPORTED_FIELDS = ['apiVersion', 'kind', 'resources', 'namespace', 'patches', 'replicas', 'images'];
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** Kinds without a namespace (the namespace transformer leaves them alone; a Namespace gets renamed). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'IngressClass', 'PriorityClass', 'RuntimeClass', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'APIService', 'CSIDriver', 'VolumeAttachment', 'Node',
]);
const POD_TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export class KustomizeError extends Error {}

interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}
interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => structuredClone(v);

/** Parses every YAML document of `text` into objects (empty documents skipped). */
export function parseManifests(text: string, source: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length) throw new KustomizeError(`${source}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isObject(value) || typeof value['apiVersion'] !== 'string' || typeof value['kind'] !== 'string' || !isObject(value['metadata']) || typeof value['metadata']['name'] !== 'string') {
      throw new KustomizeError(`${source}: every document must be an object with apiVersion, kind and metadata.name`);
    }
    objects.push(value as unknown as K8sObject);
  }
  return objects;
}

export const objectId = (o: K8sObject): string => `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** Renders the kustomization in `dir` (a directory holding kustomization.yaml). */
export function renderKustomization(dir: string): K8sObject[] {
  const root = resolve(dir);
  const file = KUSTOMIZATION_FILES.map((f) => join(root, f)).find((f) => existsSync(f));
  if (!file) throw new KustomizeError(`${root}: no kustomization.yaml`);
  const k: unknown = parseYaml(readFileSync(file, 'utf8'));
  if (!isObject(k)) throw new KustomizeError(`${file}: not a mapping`);
  const unsupported = Object.keys(k).filter((key) => !SUPPORTED_FIELDS.includes(key));
  if (unsupported.length) {
    throw new KustomizeError(`${file}: field(s) ${unsupported.join(', ')} not supported by the JS renderer (supported: ${SUPPORTED_FIELDS.join(', ')}); extend tools/deploy/src/kustomize.ts`);
  }

  let objects: K8sObject[] = [];
  const seen = new Set<string>();
  for (const entry of asArray<string>(k['resources'], `${file}: resources`)) {
    if (/^[a-z]+:\/\/|^github\.com\//.test(entry)) throw new KustomizeError(`${file}: remote resource ${entry} is not supported`);
    const path = resolve(root, entry);
    if (!existsSync(path)) throw new KustomizeError(`${file}: resource ${entry} does not exist`);
    const loaded = statSync(path).isDirectory() ? renderKustomization(path) : parseManifests(readFileSync(path, 'utf8'), path);
    for (const o of loaded) {
      const id = objectId(o);
      if (seen.has(id)) throw new KustomizeError(`${file}: may not add resource with an already registered id: ${id}`);
      seen.add(id);
      objects.push(o);
    }
  }

  for (const [i, p] of asArray<Record<string, unknown>>(k['patches'], `${file}: patches`).entries()) {
    const where = `${file}: patches[${i}]`;
    if (!isObject(p)) throw new KustomizeError(`${where}: not a mapping`);
    const unknown = Object.keys(p).filter((key) => !['path', 'patch', 'target'].includes(key));
    if (unknown.length) throw new KustomizeError(`${where}: field(s) ${unknown.join(', ')} not supported`);
    const text = typeof p['patch'] === 'string' ? p['patch'] : typeof p['path'] === 'string' ? readFileSync(resolve(root, p['path']), 'utf8') : undefined;
    if (text === undefined) throw new KustomizeError(`${where}: needs patch or path`);
    const ops: unknown = parseYaml(text);
    if (!Array.isArray(ops)) throw new KustomizeError(`${where}: only JSON 6902 patches (a list of operations) are supported, not strategic-merge patches`);
    if (!isObject(p['target'])) throw new KustomizeError(`${where}: a JSON 6902 patch needs a target`);
    const target = p['target'] as PatchTarget;
    const matches = objects.filter((o) => matchesTarget(o, target, where));
    if (!matches.length) throw new KustomizeError(`${where}: target ${JSON.stringify(target)} matches no resource`);
    objects = objects.map((o) => (matches.includes(o) ? applyJsonPatch(o, ops as JsonPatchOp[], `${where} on ${objectId(o)}`) : o));
  }

  const namespace = k['namespace'];
  if (namespace !== undefined) {
    if (typeof namespace !== 'string') throw new KustomizeError(`${file}: namespace must be a string`);
    for (const o of objects) {
      if (o.kind === 'Namespace') o.metadata.name = namespace;
      else if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = namespace;
    }
  }

  for (const r of asArray<{ name: string; count: number }>(k['replicas'], `${file}: replicas`)) {
    const hits = objects.filter((o) => ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(o.kind) && o.metadata.name === r.name);
    if (!hits.length) throw new KustomizeError(`${file}: replicas: no workload named ${r.name}`);
    for (const o of hits) (o['spec'] as Record<string, unknown>)['replicas'] = r.count;
  }

  for (const img of asArray<{ name: string; newName?: string; newTag?: string; digest?: string }>(k['images'], `${file}: images`)) {
    for (const o of objects) for (const c of podContainers(o)) c['image'] = retag(String(c['image'] ?? ''), img);
  }
  return objects;
}

function asArray<T>(value: unknown, where: string): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new KustomizeError(`${where} must be a list`);
  return value as T[];
}

/** Pod spec of a workload (or of a CronJob's job template), if any. */
export function podSpecOf(o: K8sObject): Record<string, unknown> | undefined {
  const spec = o['spec'];
  if (!isObject(spec)) return undefined;
  if (o.kind === 'Pod') return spec;
  if (o.kind === 'CronJob') {
    const job = (spec['jobTemplate'] as { spec?: { template?: { spec?: Record<string, unknown> } } } | undefined)?.spec?.template?.spec;
    return isObject(job) ? job : undefined;
  }
  if (!POD_TEMPLATE_KINDS.has(o.kind)) return undefined;
  const template = spec['template'];
  return isObject(template) && isObject(template['spec']) ? template['spec'] : undefined;
}

function podContainers(o: K8sObject): Record<string, unknown>[] {
  const pod = podSpecOf(o);
  if (!pod) return [];
  return [...asArray<Record<string, unknown>>(pod['initContainers'], 'initContainers'), ...asArray<Record<string, unknown>>(pod['containers'], 'containers')];
}

/** kustomize's image transformer: same image name → new name / tag / digest. */
function retag(image: string, img: { name: string; newName?: string; newTag?: string; digest?: string }): string {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > withoutDigest.lastIndexOf('/');
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  if (name !== img.name) return image;
  const suffix = img.digest ? `@${img.digest}` : img.newTag ? `:${img.newTag}` : at >= 0 ? image.slice(at) : hasTag ? withoutDigest.slice(colon) : '';
  return `${img.newName ?? name}${suffix}`;
}

/** kustomize target selection: name/namespace are anchored regular expressions; selectors use label syntax. */
function matchesTarget(o: K8sObject, t: PatchTarget, where: string): boolean {
  const unknown = Object.keys(t).filter((key) => !['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'].includes(key));
  if (unknown.length) throw new KustomizeError(`${where}: target field(s) ${unknown.join(', ')} not supported`);
  const [group = '', version = ''] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const anchored = (pattern: string, value: string): boolean => new RegExp(`^(?:${pattern})$`).test(value);
  if (t.group !== undefined && !anchored(t.group, group)) return false;
  if (t.version !== undefined && !anchored(t.version, version)) return false;
  if (t.kind !== undefined && !anchored(t.kind, o.kind)) return false;
  if (t.name !== undefined && !anchored(t.name, o.metadata.name)) return false;
  if (t.namespace !== undefined && !anchored(t.namespace, o.metadata.namespace ?? '')) return false;
  if (t.labelSelector !== undefined && !matchesSelector(o.metadata.labels ?? {}, t.labelSelector, where)) return false;
  if (t.annotationSelector !== undefined && !matchesSelector(o.metadata.annotations ?? {}, t.annotationSelector, where)) return false;
  return true;
}

/** Equality-based label selectors (`a=b,c!=d,e,!f`); set-based ones are refused. */
function matchesSelector(labels: Record<string, string>, selector: string, where: string): boolean {
  return selector
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((req) => {
      if (/\s(in|notin)\s/.test(req)) throw new KustomizeError(`${where}: set-based selector "${req}" not supported`);
      const [, neKey, neValue] = req.match(/^([^!=]+)!=(.*)$/) ?? [];
      if (neKey !== undefined) return labels[neKey.trim()] !== neValue?.trim();
      const [, eqKey, eqValue] = req.match(/^([^!=]+)==?(.*)$/) ?? [];
      if (eqKey !== undefined) return labels[eqKey.trim()] === eqValue?.trim();
      if (req.startsWith('!')) return !(req.slice(1) in labels);
      return req in labels;
    });
}

/** RFC 6902 on a copy of `doc`; errors name the patch and the object. */
export function applyJsonPatch<T>(doc: T, ops: JsonPatchOp[], where: string): T {
  let result: unknown = clone(doc);
  for (const op of ops) {
    if (!isObject(op) || typeof op.path !== 'string') throw new KustomizeError(`${where}: each operation needs op and path`);
    const fail = (msg: string): never => {
      throw new KustomizeError(`${where}: ${op.op} ${op.path}: ${msg}`);
    };
    switch (op.op) {
      case 'add':
        result = setAt(result, op.path, clone(op.value), 'add', fail);
        break;
      case 'replace':
        result = setAt(result, op.path, clone(op.value), 'replace', fail);
        break;
      case 'remove':
        result = removeAt(result, op.path, fail);
        break;
      case 'copy':
      case 'move': {
        const from = typeof op.from === 'string' ? op.from : fail('needs from');
        const value = clone(getAt(result, from, fail));
        if (op.op === 'move') result = removeAt(result, from, fail);
        result = setAt(result, op.path, value, 'add', fail);
        break;
      }
      case 'test':
        if (JSON.stringify(getAt(result, op.path, fail)) !== JSON.stringify(op.value)) fail('test failed');
        break;
      default:
        fail(`unknown op ${String((op as { op: unknown }).op)}`);
    }
  }
  return result as T;
}

const pointer = (path: string): string[] => {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new KustomizeError(`JSON pointer "${path}" must start with /`);
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
};

function getAt(doc: unknown, path: string, fail: (m: string) => never): unknown {
  let cur = doc;
  for (const key of pointer(path)) {
    if (Array.isArray(cur)) {
      const i = Number(key);
      if (!Number.isInteger(i) || i < 0 || i >= cur.length) fail(`no index ${key}`);
      cur = cur[i];
    } else if (isObject(cur)) {
      if (!(key in cur)) fail(`no field ${key}`);
      cur = cur[key];
    } else fail(`cannot descend into ${key}`);
  }
  return cur;
}

function parentOf(doc: unknown, path: string, fail: (m: string) => never): { parent: unknown; key: string } {
  const parts = pointer(path);
  if (!parts.length) fail('cannot address the document root');
  const key = parts.pop() ?? '';
  const parentPath = parts.map((p) => `/${p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  return { parent: getAt(doc, parentPath, fail), key };
}

function setAt(doc: unknown, path: string, value: unknown, mode: 'add' | 'replace', fail: (m: string) => never): unknown {
  if (path === '') return value;
  const { parent, key } = parentOf(doc, path, fail);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!Number.isInteger(i) || i < 0 || i > parent.length || (mode === 'replace' && i >= parent.length)) fail(`no index ${key}`);
    if (mode === 'add') parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isObject(parent)) {
    parent[key] = value; // like kustomize (evanphx/json-patch): replacing a missing key of an existing object adds it
  } else fail('parent is not a container');
  return doc;
}

function removeAt(doc: unknown, path: string, fail: (m: string) => never): unknown {
  const { parent, key } = parentOf(doc, path, fail);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!Number.isInteger(i) || i < 0 || i >= parent.length) fail(`no index ${key}`);
    parent.splice(i, 1);
  } else if (isObject(parent)) {
    if (!(key in parent)) fail(`no field ${key}`);
    delete parent[key];
  } else fail('parent is not a container');
  return doc;
}

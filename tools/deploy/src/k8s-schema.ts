import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { objectId, type K8sObject } from './kustomize';

/**
 * Schema validation of rendered objects against the Kubernetes OpenAPI types shipped by
 * `kubernetes-models` (pinned in package.json): `new Deployment(obj).validate()` & co. catch wrong
 * types, missing required fields and bad enums, but NOT unknown fields (the OpenAPI schemas allow
 * extra properties). `unknownFields` closes that gap: it walks each object along the same
 * package's TypeScript declarations (read with the TypeScript compiler API) and reports every key
 * the Kubernetes type does not declare, at any depth (`spec.replica`, `livenessProbe.httpget`, …).
 */

/** The kubernetes-models package dir (resolved from the repo root, where it is installed). */
function modelsDir(root: string): string {
  const req = createRequire(join(root, 'package.json'));
  return dirname(req.resolve('kubernetes-models/package.json'));
}

interface ModelClass {
  new (data: unknown): { validate(): void };
}

/** `apps/v1` + `Deployment` → the kubernetes-models class, or undefined for kinds it does not know. */
function modelClass(root: string, apiVersion: string, kind: string): ModelClass | undefined {
  const dir = join(modelsDir(root), apiVersion);
  if (!/^[a-z0-9.]*\/?v[0-9a-z]+$/.test(apiVersion) || !existsSync(join(dir, `${kind}.js`))) return undefined;
  const mod = createRequire(join(root, 'package.json'))(join(dir, `${kind}.js`)) as Record<string, unknown>;
  return mod[kind] as ModelClass | undefined;
}

/** kubernetes-models' own validation; returns its messages (empty = valid). */
export function modelErrors(root: string, o: K8sObject): string[] {
  const Model = modelClass(root, o.apiVersion, o.kind);
  if (!Model) return [`${o.apiVersion} ${o.kind} is not a Kubernetes kind known to kubernetes-models`];
  try {
    new Model(o).validate();
    return [];
  } catch (error) {
    return [(error as Error).message.replace(/\s+/g, ' ').trim()];
  }
}

// ---- unknown fields, from the TypeScript declarations ------------------------------------------

let cached: { root: string; files: Set<string>; program: ts.Program } | undefined;

function checkerFor(root: string, declarationFile: string): { program: ts.Program; checker: ts.TypeChecker } {
  if (!cached || cached.root !== root || !cached.files.has(declarationFile)) {
    const files = new Set([...(cached?.root === root ? cached.files : []), declarationFile]);
    const program = ts.createProgram([...files], { noEmit: true, skipLibCheck: true, types: [], strict: false, moduleResolution: ts.ModuleResolutionKind.Node10 }, undefined, cached?.program);
    cached = { root, files, program };
  }
  return { program: cached.program, checker: cached.program.getTypeChecker() };
}

function declaredType(root: string, apiVersion: string, kind: string): { type: ts.Type; checker: ts.TypeChecker } | undefined {
  const file = join(modelsDir(root), apiVersion, `${kind}.d.ts`);
  if (!existsSync(file)) return undefined;
  const { program, checker } = checkerFor(root, file);
  const source = program.getSourceFile(file);
  const decl = source?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === `I${kind}`);
  if (!decl) return undefined;
  return { type: checker.getTypeAtLocation(decl.name), checker };
}

/** Every key of `o` (at any depth) that its Kubernetes type does not declare, as `path.to.key`. */
export function unknownFields(root: string, o: K8sObject): string[] {
  const found = declaredType(root, o.apiVersion, o.kind);
  if (!found) return [`no type declarations for ${o.apiVersion} ${o.kind}`];
  const { checker } = found;
  const problems: string[] = [];

  const objectMembers = (type: ts.Type): ts.Type[] => {
    const t = checker.getNonNullableType(type);
    const members = t.isUnion() ? t.types : [t];
    return members.filter((m) => (m.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(m));
  };
  const arrayElement = (type: ts.Type): ts.Type | undefined => {
    const t = checker.getNonNullableType(type);
    const arr = (t.isUnion() ? t.types : [t]).find((m) => checker.isArrayType(m));
    return arr ? checker.getTypeArguments(arr as ts.TypeReference)[0] : undefined;
  };

  const walk = (value: unknown, type: ts.Type, path: string): void => {
    if (Array.isArray(value)) {
      const element = arrayElement(type);
      if (element) value.forEach((item, i) => walk(item, element, `${path}[${i}]`));
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const candidates = objectMembers(type);
    if (!candidates.length) return; // a scalar type given an object: kubernetes-models reports it
    for (const [key, child] of Object.entries(value)) {
      const withProp = candidates.map((c) => checker.getPropertyOfType(c, key)).find(Boolean);
      if (withProp) {
        walk(child, checker.getTypeOfSymbol(withProp), path ? `${path}.${key}` : key);
        continue;
      }
      const index = candidates.map((c) => checker.getIndexInfoOfType(c, ts.IndexKind.String)).find(Boolean);
      if (index) walk(child, index.type, `${path}.${key}`);
      else problems.push(`unknown field ${path ? `${path}.` : ''}${key} (not in ${candidates.map((c) => checker.typeToString(c)).join(' | ')})`);
    }
  };
  walk(o, found.type, '');
  return problems;
}

/** Schema problems of every object, prefixed with its id. */
export function schemaProblems(root: string, objects: K8sObject[]): string[] {
  return objects.flatMap((o) => [...modelErrors(root, o), ...unknownFields(root, o)].map((p) => `${objectId(o)}: ${p}`));
}

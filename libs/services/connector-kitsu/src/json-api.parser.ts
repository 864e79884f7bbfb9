import { AppError, UpstreamChangedError } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';

/** The source name used in error messages and details. */
export const KITSU = 'kitsu';

/** One JSON:API resource object as Kitsu sends it (attributes and relationships read lazily). */
export interface JsonApiResource {
  id: string;
  type: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data?: unknown } | undefined>;
}

/** A resource with the dotted path it was read from, so errors name the exact place. */
export interface Located {
  resource: JsonApiResource;
  path: string;
}

/**
 * The `included` array of a JSON:API document indexed by `type/id`: a relationship names its
 * target by type and id only, and two types may share an id (category 14 vs genre 14).
 */
export class IncludedIndex {
  private readonly byKey = new Map<string, Located>();

  constructor(body: unknown) {
    const included = (body as { included?: unknown }).included;
    if (included === undefined) return;
    if (!Array.isArray(included)) throw changed('included', 'is not an array');
    included.forEach((item, i) => {
      const located = readResource(body, `included.${i}`);
      this.byKey.set(`${located.resource.type}/${located.resource.id}`, located);
    });
  }

  /**
   * The resources a relationship points at. `undefined` when the relationship carries no
   * `data` (it was not asked for with `include`); a target missing from `included` means the
   * document is broken, so that throws.
   */
  related(owner: Located, name: string): Located[] | undefined {
    const relationship = owner.resource.relationships?.[name];
    if (!relationship || !('data' in relationship)) return undefined;
    const data = relationship.data;
    if (data === null) return [];
    const refs = Array.isArray(data) ? data : [data];
    return refs.map((ref: unknown, i) => {
      const refPath = `${owner.path}.relationships.${name}.data${Array.isArray(data) ? `.${i}` : ''}`;
      const type = expectField<string>(ref, 'type', KITSU);
      const id = expectField<string>(ref, 'id', KITSU);
      const target = this.byKey.get(`${type}/${id}`);
      if (!target) throw changed(`included[${type}/${id}]`, `is referenced by ${refPath} but not included`);
      return target;
    });
  }
}

/** Reads the resource at `path` in `body`, checking the JSON:API members every resource has. */
export function readResource(body: unknown, path: string): Located {
  const id = expectField<unknown>(body, `${path}.id`, KITSU);
  const type = expectField<unknown>(body, `${path}.type`, KITSU);
  const attributes = expectField<unknown>(body, `${path}.attributes`, KITSU);
  if (typeof id !== 'string' || typeof type !== 'string' || typeof attributes !== 'object') throw changed(path, 'is not a JSON:API resource (id, type, attributes)');
  const resource = fieldAt(body, path) as JsonApiResource;
  return { resource, path };
}

/** An attribute that must be present (non-null) and a string. */
export function requireString(owner: Located, attribute: string, body: unknown): string {
  const value = expectField<unknown>(body, `${owner.path}.attributes.${attribute}`, KITSU);
  if (typeof value !== 'string') throw changed(`${owner.path}.attributes.${attribute}`, 'is not a string');
  return value;
}

/** An optional attribute: absent or null gives `undefined`; present with another type throws. */
export function optionalAttribute<T extends 'string' | 'number' | 'object'>(
  owner: Located,
  attribute: string,
  kind: T,
): (T extends 'string' ? string : T extends 'number' ? number : Record<string, unknown>) | undefined {
  const value = owner.resource.attributes[attribute];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== kind) throw changed(`${owner.path}.attributes.${attribute}`, `is not a ${kind}`);
  return value as never;
}

/** An UpstreamChangedError naming the Kitsu path that is not as expected. */
export function changed(path: string, what: string): AppError {
  return new UpstreamChangedError(`kitsu response: '${path}' ${what} (the upstream format may have changed)`, { details: { source: KITSU, path } });
}

function fieldAt(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, segment) => (current as Record<string, unknown>)[segment], body);
}

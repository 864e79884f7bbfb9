import type { SourceAnime } from '@anime/contracts';
import { expectField } from '@anime/platform-resilience';
import { JIKAN_SOURCE, changed, requireKeys, text } from './jikan-fields.parser';

/** A character with its role and Japanese voice actor. */
export type JikanCharacter = NonNullable<SourceAnime['characters']>[number];
/** A staff member with their positions. */
export type JikanStaffMember = NonNullable<SourceAnime['staff']>[number];

type Json = Record<string, unknown>;

/**
 * Parses `/anime/{id}/characters`: `{data: [{character: {name}, role, voice_actors: [{person: {name}, language}]}]}`.
 * Keeps Jikan's order (main cast first) and the Japanese voice actor, the one every entry has
 * the best chance of listing.
 */
export function parseJikanCharacters(body: unknown): JikanCharacter[] {
  return list(body).map((entry, i) => {
    const path = `data.${i}`;
    requireKeys(entry, path, ['character', 'role']);
    const e = entry as Json;
    const name = text((e['character'] as Json | null)?.['name']);
    if (!name) throw changed(`${path}.character.name`, 'is missing');
    const character: JikanCharacter = { name: personName(name) };
    const role = text(e['role']);
    if (role) character.role = role;
    const voices = Array.isArray(e['voice_actors']) ? (e['voice_actors'] as Json[]) : [];
    const japanese = text((voices.find((v) => v?.['language'] === 'Japanese')?.['person'] as Json | undefined)?.['name']);
    if (japanese) character.voiceActor = personName(japanese);
    return character;
  });
}

/** Parses `/anime/{id}/staff`: `{data: [{person: {name}, positions: string[]}]}`; positions joined into one role. */
export function parseJikanStaff(body: unknown): JikanStaffMember[] {
  return list(body).map((entry, i) => {
    const path = `data.${i}`;
    requireKeys(entry, path, ['person', 'positions']);
    const e = entry as Json;
    const name = text((e['person'] as Json | null)?.['name']);
    if (!name) throw changed(`${path}.person.name`, 'is missing');
    const positions = Array.isArray(e['positions']) ? (e['positions'] as unknown[]).flatMap((p) => text(p) ?? []) : [];
    return { name: personName(name), role: positions.join(', ') || 'Staff' };
  });
}

/**
 * MAL writes people and characters "Family, Given"; the other sources (and readers) use
 * "Given Family", so the one-comma form is turned around. Names with no or several commas stay
 * as they are rather than being guessed at.
 */
export function personName(malName: string): string {
  const parts = malName.split(',');
  if (parts.length !== 2) return malName.trim();
  const [family, given] = parts.map((p) => p.trim());
  return given && family ? `${given} ${family}` : malName.trim();
}

function list(body: unknown): unknown[] {
  const data = expectField<unknown>(body, 'data', JIKAN_SOURCE);
  if (!Array.isArray(data)) throw changed('data', 'is not a list');
  return data;
}

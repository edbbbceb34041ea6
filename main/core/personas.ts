/**
 * Personas: Craft's claims kept under a name (personas.json in the data dir), to pick in Craft
 * and compare side by side. Claims only: OAuth tokens are not claims, so no secret is ever here.
 * Names are case-insensitive, as profile names are: "West viewer" and "west viewer" are one.
 */
import * as z from 'zod/mini';
import { claimsSchema, type Persona } from '../../shared/api';
import { EmbedConsoleError } from '../../shared/errors';
import { JsonFile } from './json-file';

/** A claim field a newer version added is dropped when read here, not the persona. */
const personaSchema = z.object({ name: z.string(), claims: z.object(claimsSchema.shape) });
/** Personas are read one by one, as history entries are: one this version cannot read is passed over, and kept in the file. */
const personasFile = z.object({ version: z.literal(1), personas: z.array(z.unknown()) });

const readable = (entries: unknown[]): Persona[] =>
  entries.flatMap((entry) => {
    const parsed = personaSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
/** The name a stored entry goes by, readable or not. */
const nameOf = (entry: unknown) => (entry as { name?: unknown } | null)?.name;
/** Whether a stored entry goes by this name, whatever its case. */
const named = (entry: unknown, name: string) => {
  const its = nameOf(entry);
  return typeof its === 'string' && its.toLowerCase() === name.toLowerCase();
};
const byName = (a: Persona, b: Persona) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' });

/** The refusal of a new persona whose name is taken, whatever its case, naming the one that has it. */
function refuseTaken(existing: string, name: string): never {
  const alike = existing === name ? '' : `, and "${name}" differs from it only in case, which names the same persona`;
  throw new EmbedConsoleError(
    'PERSONA_EXISTS',
    `Persona "${existing}" exists already${alike}; choose another name, or replace "${existing}" with these claims.`,
    'name',
  );
}

export class PersonaStore {
  private readonly json: JsonFile<z.infer<typeof personasFile>>;

  constructor(file: string, notify?: (message: string) => void) {
    this.json = new JsonFile(file, {
      schema: personasFile,
      empty: () => ({ version: 1, personas: [] }),
      label: 'personas file',
      afterSetAside: 'The app started with no personas; the ones it held are in that file.',
      notify,
    });
  }

  async list(): Promise<Persona[]> {
    return readable((await this.json.read()).personas).sort(byName);
  }

  /** Saves a persona; one of the same name (whatever its case) is replaced only when `overwrite` says so. */
  save(persona: Persona, overwrite: boolean): Promise<Persona> {
    return this.json.update(({ personas }) => {
      // One this version cannot read counts too: a newer version's persona is not replaced unasked.
      const existing = personas.find((entry) => named(entry, persona.name));
      if (existing && !overwrite) refuseTaken(String(nameOf(existing)), persona.name);
      return { next: { version: 1, personas: [...personas.filter((entry) => !named(entry, persona.name)), persona] }, result: persona };
    });
  }

  /** Removes the persona a name means; says whether there was one. */
  remove(name: string): Promise<boolean> {
    return this.json.update(({ personas }) => {
      const kept = personas.filter((entry) => !named(entry, name));
      return { next: { version: 1, personas: kept }, result: kept.length < personas.length };
    });
  }
}

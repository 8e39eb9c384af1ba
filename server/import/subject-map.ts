// Whom imported posts are about: one subject for the whole import from the command line, or a mapping file
// per post. Pure: the caller reads the file.
import { z } from 'zod';
import type { Subject } from './wordpress-import.service.js';

const SUBJECT_MAX_CHARS = 120;
const name = z.string().trim().min(1).max(SUBJECT_MAX_CHARS);
const entry = z.union([name.transform((n) => ({ name: n, aliases: [] as string[] })), z.object({ name, aliases: z.array(name).default([]) })]);
const mapSchema = z.record(z.string(), entry);

/** "A, B ,C" as a list of names, blanks dropped. */
function splitAliases(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** The whole import's subject from --subject and --aliases, or null when none was given. */
export function subjectFromFlags(subject: string | undefined, aliases: string | undefined): Subject | null {
  const trimmed = subject?.trim() ?? '';
  return trimmed === '' ? null : { name: trimmed.slice(0, SUBJECT_MAX_CHARS), aliases: splitAliases(aliases) };
}

/**
 * A mapping file: JSON whose keys are a post's slug, WordPress post id or GUID, and whose values are a name or
 * { "name": ..., "aliases": [...] }. Throws with a message naming the entry that is wrong.
 */
export function readSubjectMap(json: string): Map<string, Subject> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new Error(`not JSON (${(err as Error).message})`, { cause: err });
  }
  const parsed = mapSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`entry ${JSON.stringify(issue.path.join('.'))}: give a name, or {"name": "...", "aliases": ["..."]}`);
  }
  return new Map(Object.entries(parsed.data));
}

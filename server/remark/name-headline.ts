// Group pages print the author's name and headline as one run of words ("Jane Doe Managing Director
// at Acme"). These heuristics find where the name stops; every guess is reported, never hidden.

export interface NameHeadline {
  name: string;
  headline: string | null;
  guessed: boolean;
}

/** Normalised known names ("jane doe"), looked up by the first words of a name line. */
export type KnownNames = Set<string>;

/** Names longer than this many words are not looked up or assumed: a headline has begun. */
export const MAX_NAME_WORDS = 4;
const MAX_KNOWN_NAME_WORDS = 8;

// Words that start a headline. A surname that is also a role ("Edith Head Costume Designer") is cut
// off: "Head of Audio" is the far commoner headline. "Jr." and "Dr." are absent: they belong to names.
// prettier-ignore
const ROLE_WORDS = new Set([
  'ceo', 'cto', 'cfo', 'coo', 'cmo', 'cio', 'cso', 'cpo', 'cro', 'vp', 'svp', 'evp', 'avp', 'md', 'gm',
  'director', 'managing', 'manager', 'owner', 'co-owner', 'founder', 'co-founder', 'cofounder',
  'consultant', 'president', 'vice', 'partner', 'engineer', 'developer', 'designer', 'architect',
  'analyst', 'head', 'chief', 'senior', 'sr', 'lead', 'principal', 'editor', 'editor-in-chief',
  'writer', 'author', 'journalist', 'reporter', 'coach', 'trainer', 'specialist', 'strategist',
  'marketer', 'marketing', 'sales', 'social', 'digital', 'freelance', 'freelancer', 'independent',
  'self-employed', 'student', 'professor', 'lecturer', 'teacher', 'researcher', 'scientist',
  'attorney', 'lawyer', 'solicitor', 'accountant', 'advisor', 'adviser', 'officer', 'executive',
  'administrator', 'coordinator', 'producer', 'recruiter', 'assistant', 'associate',
  'entrepreneur', 'blogger', 'speaker', 'investor', 'chairman', 'chairwoman', 'chair', 'board',
  'retired', 'intern', 'programmer', 'photographer', 'realtor', 'broker', 'creative', 'technical',
  'product', 'project', 'program', 'programme', 'business', 'communications', 'pr', 'it', 'hr',
  'software', 'web', 'online', 'internet', 'global', 'regional', 'national', 'international',
  'interim', 'acting', 'deputy', 'general', 'community', 'content', 'brand', 'account',
  'operations', 'evangelist', 'ambassador', 'mentor', 'volunteer', 'member', 'fellow', 'nurse',
  'pastor', 'networker', 'proprietor', 'host', 'co-host', 'podcaster', 'presenter', 'broadcaster',
]);

// Roles strong enough to end a one-word name ("Cher Founder at …" is rarer than "Cher CEO").
// prettier-ignore
const STRONG_ROLE_WORDS = new Set([
  'ceo', 'cto', 'cfo', 'coo', 'cmo', 'cio', 'vp', 'svp', 'evp', 'founder', 'co-founder', 'cofounder',
  'owner', 'president', 'director', 'consultant', 'manager',
]);

// Two-word openings that start a headline although neither word is a role on its own.
const ROLE_PHRASES: ReadonlyArray<readonly [string, string]> = [
  ['open', 'networker'],
  ['search', 'for'],
  ['searching', 'for'],
  ['looking', 'for'],
  ['seeking', 'new'],
  ['available', 'for'],
];

const SEPARATORS = new Set(['-', '–', '—', '|', '·', '•', '/', '::', '@', 'at']);
const NAME_PARTICLES = new Set(['van', 'von', 'de', 'der', 'den', 'da', 'di', 'du', 'del', 'la', 'le', 'bin', 'al', 'ten', 'ter']);
const EDGE_PUNCTUATION = /^[\s,;:|·•–—-]+|[\s,;:|·•–—-]+$/g;

/** The key a name is known by: lower case, single spaces, no edge punctuation. */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, ' ').replace(EDGE_PUNCTUATION, '').toLowerCase();
}

/** Builds the known-name set from loose names, skipping blanks and anything that is not text. */
export function buildKnownNames(names: readonly unknown[] = []): KnownNames {
  const known: KnownNames = new Set();
  for (const name of names) {
    if (typeof name !== 'string') continue;
    const key = nameKey(name);
    if (key !== '' && key.split(' ').length <= MAX_KNOWN_NAME_WORDS) known.add(key);
  }
  return known;
}

function roleKey(token: string): string {
  return token.toLowerCase().replace(/^[("'“]+|[)"'”,;:.]+$/g, '');
}

function isRoleWord(token: string, strongOnly: boolean): boolean {
  const key = roleKey(token);
  const words = strongOnly ? STRONG_ROLE_WORDS : ROLE_WORDS;
  // "CEO/Founder" and "Owner&Founder" are roles by their first part.
  return words.has(key) || words.has(key.split(/[/&]/)[0] ?? '');
}

function isRolePhrase(token: string, next: string | undefined): boolean {
  const first = roleKey(token);
  const second = roleKey(next ?? '');
  return ROLE_PHRASES.some(([a, b]) => a === first && b === second);
}

// True when a headline plausibly starts at tokens[k], i.e. the name is tokens[0..k).
function startsHeadline(tokens: readonly string[], k: number): boolean {
  const token = tokens[k] ?? '';
  const before = tokens[k - 1] ?? '';
  if (/[,;]$/.test(before)) return true;
  if (SEPARATORS.has(token.toLowerCase()) || token.startsWith('(')) return true;
  if (isRolePhrase(token, tokens[k + 1])) return true;
  return isRoleWord(token, k === 1);
}

function finish(nameTokens: readonly string[], headlineTokens: readonly string[], guessed: boolean): NameHeadline {
  const name = nameTokens.join(' ').replace(EDGE_PUNCTUATION, '');
  const headline = headlineTokens.join(' ').replace(EDGE_PUNCTUATION, '');
  return { name, headline: headline === '' ? null : headline, guessed };
}

/** How many leading words of the line form a known name (0 when none do). */
export function knownNameLength(line: string, known: KnownNames): number {
  return knownTokenCount(
    line.split(/\s+/).filter((t) => t !== ''),
    known,
  );
}

function knownTokenCount(tokens: readonly string[], known: KnownNames): number {
  for (let k = Math.min(MAX_KNOWN_NAME_WORDS, tokens.length); k >= 1; k--) {
    if (known.has(nameKey(tokens.slice(0, k).join(' ')))) return k;
  }
  return 0;
}

/** Splits a name line using a prepared known-name set; see splitNameHeadline. */
export function splitNameHeadlineWith(line: string, known: KnownNames): NameHeadline {
  const text = typeof line === 'string' ? line.replace(/^\s*By\s+/, '') : '';
  const tokens = text.split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return { name: '', headline: null, guessed: true };

  // A known name wins outright: the paste itself (a "# Name" line) or the caller told us.
  const knownLength = knownTokenCount(tokens, known);
  if (knownLength > 0) return finish(tokens.slice(0, knownLength), tokens.slice(knownLength), false);

  const particle = NAME_PARTICLES.has(tokens[1]?.toLowerCase() ?? '');
  for (let k = 1; k <= Math.min(MAX_NAME_WORDS, tokens.length - 1); k++) {
    if (!startsHeadline(tokens, k)) continue;
    // Past two words a role word often has a capitalised qualifier before it ("Podcast Producer"),
    // which reads like a surname; only a comma or a particle ("Anna van Dijk CEO") settles it.
    if (k <= 2 || /[,;]$/.test(tokens[k - 1] ?? '') || (k === 3 && particle)) {
      return finish(tokens.slice(0, k), tokens.slice(k), false);
    }
    break;
  }
  // No sure clue: assume a two-word name, three when the middle word is a particle ("Anna van Dijk").
  const nameLength = particle ? 3 : 2;
  if (tokens.length <= nameLength) return finish(tokens, [], false);
  return finish(tokens.slice(0, nameLength), tokens.slice(nameLength), true);
}

/** Splits 'Jane Doe Managing Director at Acme' into name and headline. */
export function splitNameHeadline(line: string, knownNames?: string[]): NameHeadline {
  return splitNameHeadlineWith(line, buildKnownNames(Array.isArray(knownNames) ? knownNames : []));
}

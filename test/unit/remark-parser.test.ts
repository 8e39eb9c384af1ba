import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PASTE_WARNINGS, REMARK_FLAGS, parsePostedLabel, parseRemarkPaste, splitNameHeadline, type ParsedRemark } from '../../server/remark/remark-parser.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/remarks/', import.meta.url));
const NOW = new Date('2024-05-20T12:00:00.000Z');

interface Fixture {
  description: string;
  now: string;
  knownNames?: string[];
  remarks: ParsedRemark[];
  warnings: string[];
}

const fixtureNames = readdirSync(FIXTURES)
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -'.txt'.length))
  .sort();

function loadFixture(name: string): { paste: string; expected: Fixture } {
  const paste = readFileSync(join(FIXTURES, `${name}.txt`), 'utf8');
  const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Fixture;
  return { paste, expected };
}

describe('parseRemarkPaste fixtures', () => {
  it('has every required shape of paste', () => {
    expect(fixtureNames).toEqual(
      expect.arrayContaining([
        'group-thread',
        'missing-headline',
        'date-labels',
        'by-in-sentence',
        'extra-blank-lines',
        'windows-line-endings',
        'emoji-only',
        'urls',
        'no-by-lines',
      ]),
    );
  });

  it('keeps the Windows fixture in CRLF (see .gitattributes)', () => {
    const { paste } = loadFixture('windows-line-endings');
    expect(paste).toContain('\r\n');
    expect(paste.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it.each(fixtureNames)('%s', (name) => {
    const { paste, expected } = loadFixture(name);
    const result = parseRemarkPaste(paste, new Date(expected.now), expected.knownNames);
    expect(result.remarks).toEqual(expected.remarks);
    expect(result.warnings).toEqual(expected.warnings);
  });

  it('reads the source page shape as six remarks with names from the "# Name" lines', () => {
    const { paste } = loadFixture('group-thread');
    const { remarks } = parseRemarkPaste(paste, NOW);
    expect(remarks.map((r) => r.authorName)).toEqual([
      'Tobias Grell',
      'Marisol Fenwick',
      'Dorian Kettleby',
      'Dorian Kettleby',
      'Ingrid Oyelaran',
      'Ingrid Oyelaran',
    ]);
  });
});

describe('parseRemarkPaste details', () => {
  const byline = 'By\nJane Doe CEO at Acme\nposted 3 days ago\n';

  it.each([
    ['empty string', ''],
    ['only whitespace', ' \n\t\r\n  \u00A0 '],
  ])('returns no remarks and a warning for %s', (_label, text) => {
    expect(parseRemarkPaste(text, NOW)).toEqual({ remarks: [], warnings: [PASTE_WARNINGS.empty] });
  });

  it('removes NUL bytes and says so', () => {
    const { remarks, warnings } = parseRemarkPaste(`Hel\u0000lo\n${byline}`, NOW);
    expect(remarks[0]?.body).toBe('Hello');
    expect(warnings).toEqual(['removed 1 control character (such as NUL)']);
  });

  it('leaves dates empty, with one warning, when now is not a valid date', () => {
    const { remarks, warnings } = parseRemarkPaste(`Hi\n${byline}`, new Date('nope'));
    expect(remarks[0]).toMatchObject({ authorName: 'Jane Doe', postedLabel: 'posted 3 days ago', postedAt: null, flags: [] });
    expect(warnings).toEqual([PASTE_WARNINGS.invalidNow]);
  });

  it('uses names it learnt from earlier remarks in the same paste', () => {
    const paste = 'One\nBy\nAda Quill Owner, Quill Co\nposted 1 day ago\nTwo\nBy\nAda Quill Grumpy Mic Whisperer\nposted 1 day ago\n';
    const second = parseRemarkPaste(paste, NOW).remarks[1];
    expect(second).toMatchObject({ authorName: 'Ada Quill', headline: 'Grumpy Mic Whisperer', flags: [] });
  });

  it("uses the caller's known names before guessing", () => {
    const paste = 'Hi\nBy\nMary Ellen Cobb Grumpy Mic Whisperer\nposted 1 day ago\n';
    expect(parseRemarkPaste(paste, NOW).remarks[0]).toMatchObject({ authorName: 'Mary Ellen', flags: [REMARK_FLAGS.splitGuessed] });
    expect(parseRemarkPaste(paste, NOW, ['Mary Ellen Cobb']).remarks[0]).toMatchObject({
      authorName: 'Mary Ellen Cobb',
      headline: 'Grumpy Mic Whisperer',
      flags: [],
    });
  });

  it('keeps a remark with no text, flagged, when two bylines follow each other', () => {
    const { remarks } = parseRemarkPaste(`Hi\n${byline}${byline}`, NOW);
    expect(remarks).toHaveLength(2);
    expect(remarks[1]).toMatchObject({ body: '', flags: [REMARK_FLAGS.noText] });
  });

  it('drops a "# Name" line with nothing after it, with a warning', () => {
    const { remarks, warnings } = parseRemarkPaste(`Hi\n${byline}# Next Person\n\n`, NOW);
    expect(remarks).toHaveLength(1);
    expect(warnings).toEqual([PASTE_WARNINGS.trailingHeading]);
  });

  it('does not take a "By" line followed by a lower-case sentence for a byline', () => {
    const { remarks, warnings } = parseRemarkPaste('Stand\nBy\nthe way, nobody asked.\n', NOW);
    expect(remarks).toHaveLength(1);
    expect(warnings).toEqual([PASTE_WARNINGS.noByLines]);
  });

  it('accepts a lower-case name when a posted label confirms the byline', () => {
    const { remarks } = parseRemarkPaste('Hi\nBy\nquietlistener\nposted 2 days ago\n', NOW);
    expect(remarks[0]).toMatchObject({ authorName: 'quietlistener', headline: null, postedLabel: 'posted 2 days ago' });
  });

  it('does not flag an introduction when the first paragraph does not end in a colon', () => {
    const { remarks } = parseRemarkPaste(`First part.\n\nSecond part.\n${byline}`, NOW);
    expect(remarks[0]?.flags).toEqual([]);
  });
});

describe('parsePostedLabel', () => {
  const now = new Date('2024-03-31T08:30:00.000Z');
  it.each([
    ['posted 3 days ago', '2024-03-28T08:30:00.000Z'],
    ['3 days ago', '2024-03-28T08:30:00.000Z'],
    ['posted 1 day ago', '2024-03-30T08:30:00.000Z'],
    ['a day ago', '2024-03-30T08:30:00.000Z'],
    ['yesterday', '2024-03-30T08:30:00.000Z'],
    ['Posted Yesterday', '2024-03-30T08:30:00.000Z'],
    ['5 minutes ago', '2024-03-31T08:25:00.000Z'],
    ['an hour ago', '2024-03-31T07:30:00.000Z'],
    ['about 2 hours ago', '2024-03-31T06:30:00.000Z'],
    ['2 weeks ago', '2024-03-17T08:30:00.000Z'],
    ['last week', '2024-03-24T08:30:00.000Z'],
    // Calendar months, clamped: 31 March minus one month is 29 February in a leap year.
    ['1 month ago', '2024-02-29T08:30:00.000Z'],
    ['posted 2 months ago', '2024-01-31T08:30:00.000Z'],
    ['a year ago', '2023-03-31T08:30:00.000Z'],
    ['2 years ago', '2022-03-31T08:30:00.000Z'],
    ['three weeks ago', '2024-03-10T08:30:00.000Z'],
    ['a couple of days ago', '2024-03-29T08:30:00.000Z'],
    ['3d', '2024-03-28T08:30:00.000Z'],
    ['2w', '2024-03-17T08:30:00.000Z'],
    ['5m', '2024-03-31T08:25:00.000Z'],
    ['1mo', '2024-02-29T08:30:00.000Z'],
    ['1yr', '2023-03-31T08:30:00.000Z'],
    ['  posted   4 days ago.  ', '2024-03-27T08:30:00.000Z'],
    ['just now', '2024-03-31T08:30:00.000Z'],
    ['today', '2024-03-31T08:30:00.000Z'],
  ])('%s', (label, iso) => {
    expect(parsePostedLabel(label, now)?.toISOString()).toBe(iso);
  });

  it.each([
    '',
    'posted',
    'posted on 3 March',
    'a few days ago',
    'ago',
    'am',
    '3 fortnights ago',
    '3 constructor ago',
    'valueOf hours ago',
    'tomorrow',
    'x'.repeat(500),
    '99999999 years ago',
  ])('returns null for %j', (label) => {
    expect(parsePostedLabel(label, now)).toBeNull();
  });

  it('returns null when now is not a valid date', () => {
    expect(parsePostedLabel('3 days ago', new Date(Number.NaN))).toBeNull();
  });
});

describe('splitNameHeadline', () => {
  it.each([
    ['Jane Doe Managing Director at Acme', 'Jane Doe', 'Managing Director at Acme', false],
    ['Sam Poe Owner, The Lantern Group', 'Sam Poe', 'Owner, The Lantern Group', false],
    ['Lu Chen Open Networker & PodPro', 'Lu Chen', 'Open Networker & PodPro', false],
    ['Ola Berg Search for board roles; http://berg.example; LION', 'Ola Berg', 'Search for board roles; http://berg.example; LION', false],
    ['Nia Cole CEO/Founder, Tidewater', 'Nia Cole', 'CEO/Founder, Tidewater', false],
    ['Raj Patel at Stonebridge Labs', 'Raj Patel', 'at Stonebridge Labs', false],
    ['Mary Ann Smith, Director of Sales', 'Mary Ann Smith', 'Director of Sales', false],
    ['Eve Park; Strategist', 'Eve Park', 'Strategist', false],
    ['Tom Ray - Partner', 'Tom Ray', 'Partner', false],
    ['Cher CEO at Bellwether', 'Cher', 'CEO at Bellwether', false],
    ['Anna van Dijk CEO at Maasland', 'Anna van Dijk', 'CEO at Maasland', false],
    ['Jane Doe', 'Jane Doe', null, false],
    ['Anna van Dijk', 'Anna van Dijk', null, false],
    ['Madonna', 'Madonna', null, false],
    ['  Jane   Doe   VP   Sales  ', 'Jane Doe', 'VP Sales', false],
    ['By Jane Doe CEO', 'Jane Doe', 'CEO', false],
    ['Helga Strand Podcast Producer at Fjordline', 'Helga Strand', 'Podcast Producer at Fjordline', true],
    ['Percival Ashdown-Rhys Grumpy Mic Whisperer', 'Percival Ashdown-Rhys', 'Grumpy Mic Whisperer', true],
    ['Mary Ellen Cobb', 'Mary Ellen', 'Cobb', true],
    ['', '', null, true],
  ])('%j', (line, name, headline, guessed) => {
    expect(splitNameHeadline(line)).toEqual({ name, headline, guessed });
  });

  it.each([
    ['Mary Ellen Cobb Grumpy Mic Whisperer', ['Mary Ellen Cobb'], 'Mary Ellen Cobb', 'Grumpy Mic Whisperer'],
    ['mary ellen cobb, Host', ['Mary Ellen Cobb'], 'mary ellen cobb', 'Host'],
    ['Jo Anne Whitcombe Sound Designer', ['  jo   anne whitcombe '], 'Jo Anne Whitcombe', 'Sound Designer'],
    // Known names match whole words only.
    ['Jan Greenberg Owner, Greenberg Audio', ['Jan Green'], 'Jan Greenberg', 'Owner, Greenberg Audio'],
  ])('%j with known names %j', (line, known, name, headline) => {
    expect(splitNameHeadline(line, known)).toEqual({ name, headline, guessed: false });
  });
});

describe('never throws', () => {
  // Deterministic junk: a linear congruential generator over a mixed alphabet.
  function junk(length: number, seed: number): string {
    const alphabet = 'By \n\r\t#posted ago 3 days,;:·–—-@()[]{}ÿ😀\u0000\u200B\uFEFF\u00A0\uD800AaZz09CEO Owner at';
    let state = seed;
    let out = '';
    for (let i = 0; i < length; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      out += alphabet[state % alphabet.length];
    }
    return out;
  }

  const hostile: [string, unknown][] = [
    ['empty', ''],
    ['whitespace', '   \n\n \t '],
    ['NUL bytes', '\u0000\u0000By\u0000\nJane\u0000 Doe\nposted 1 day ago\u0000'],
    ['lone "By"', 'By'],
    ['"By" at the very end', 'Some text\nBy\n'],
    ['only headings', '# A\n# B\n# C'],
    ['100 KB of junk', junk(100_000, 7)],
    ['another 100 KB of junk', junk(100_000, 42)],
    ['one 100 KB line', 'x'.repeat(100_000)],
    ['100 KB heading', `# ${'a '.repeat(50_000)}`],
    ['100 KB byline', `By ${'Jane '.repeat(20_000)}\nposted 1 day ago`],
    ['many bylines', 'By\nJane Doe CEO\nposted 1 day ago\n'.repeat(3_000)],
    ['many bare "By" lines', 'By\n'.repeat(30_000)],
    ['prototype words', 'By\n__proto__ constructor toString\nposted 3 constructor ago\n# hasOwnProperty'],
    ['lone surrogates', '\uD800\uDC00\uDFFF\nBy\n\uD83D Name\nposted 2 days ago'],
    ['bidi controls', '\u202Eevil\u202C\nBy\nJane Doe\nposted 1 day ago'],
    ['huge amounts', 'Hi\nBy\nJane Doe\nposted 999999 years ago'],
    ['more than the parser reads', 'a\n'.repeat(150_000)],
    ['not a string', 42],
    ['null', null],
  ];

  it.each(hostile)('%s', (_label, text) => {
    const result = parseRemarkPaste(text as string, NOW, ['', 'Jane Doe', 7 as unknown as string]);
    expect(Array.isArray(result.remarks)).toBe(true);
    expect(result.warnings).not.toContain(PASTE_WARNINGS.internalError);
    for (const remark of result.remarks) {
      expect(typeof remark.authorName).toBe('string');
      expect(typeof remark.body).toBe('string');
      expect(remark.body).not.toContain('\u0000');
      expect(remark.authorName).not.toContain('\u0000');
      if (remark.postedAt !== null) expect(Number.isNaN(Date.parse(remark.postedAt))).toBe(false);
    }
  });

  it('survives a bad clock and bad known names', () => {
    const result = parseRemarkPaste('Hi\nBy\nJane Doe\nposted 1 day ago', new Date(Number.NaN), 'nope' as unknown as string[]);
    expect(result.remarks).toHaveLength(1);
    expect(result.warnings).toEqual([PASTE_WARNINGS.invalidNow]);
  });

  it.each([null, undefined, 42, '\u0000'])('parsePostedLabel and splitNameHeadline accept %j', (value) => {
    expect(() => parsePostedLabel(value as string, NOW)).not.toThrow();
    expect(() => splitNameHeadline(value as string, [value as string])).not.toThrow();
  });
});

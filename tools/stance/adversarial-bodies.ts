// Adversarial comment bodies at the largest size the forms allow, for the classifier's complexity guard
// (test/unit/stance-complexity.test.ts) and the bench row that posts them while readers comment.
// Each shape repeats a short unit up to the byte limit, aimed at one place a scan could go quadratic.

/** The forms' limit for a comment body and for a remark (server/comment/comment.forms.ts, server/remark/remark-forms.ts). */
export const MAX_BODY_BYTES = 65_525;

/** Short units that, repeated, stress one part of the classifier each. */
export const ADVERSARIAL_UNITS: Readonly<Record<string, string>> = {
  prose: 'Jamie Rivera is brilliant, but critics say she is lazy! Not anymore. Agreed? ',
  'numbered list': '1. 2. 3. ',
  'sentence breaks': 'By\n',
  'edited marks': '(edited) ',
  'full stops': '.',
  'one-word sentences': 'ok. ',
  'question marks': '? ',
  exclamations: 'great! ',
  commas: 'a, ',
  'one long sentence': 'good ',
  'contrast words': 'but though however yet ',
  negations: "not never doesn't isn't ",
  'sarcasm markers': 'oh great sure ',
  'sure closings': 'Sure. ',
  'oh openers': 'Oh wonderful. ',
  'subject names': 'Jamie Rivera Rivera Jamie ',
  pronouns: 'she her he him ',
  'participant names': 'Critic Fan Other Dave ',
  mentions: '@jamie @rivera_1 @x ',
  emoji: '👏🙄🤡😂 ',
  quotes: '"hero" ',
  'open quote': '"',
  'long word': 'a',
  'no spaces': 'ab-cd.ef_gh%',
  apostrophes: "'a'",
  'handle with no end': '@.',
  'critics and fans': 'critics fans people hating ',
  'reply openers': 'Agreed, nope. ',
  'you and your': 'you your post ',
  'the guy': 'the guy the coach ',
  digits: '100% 27 ',
  'reported attitude': 'my dad says critics think people hate ',
  'info markers': 'for context fyi link ',
  'mixed scripts': 'Café naïve 日本語 ',
};

/** Bodies that are one long run between two ends: a word of dots, a handle of digits (regexes anchored at the end retried from every character). */
export const ADVERSARIAL_RUNS: Readonly<Record<string, readonly [string, string, string]>> = {
  'dots inside a word': ['a', '.', 'a'],
  'digits inside a handle': ['@a', '1', 'x'],
  'dashes inside a word': ['a', '-', 'a'],
  'quotes inside a word': ['a', "'", 'a'],
};

/** Every adversarial body at the given size: each unit repeated, and each run filled to the size. */
export function adversarialBodies(bytes = MAX_BODY_BYTES): { name: string; body: string }[] {
  const repeated = Object.entries(ADVERSARIAL_UNITS).map(([name, unit]) => ({ name, body: repeatToBytes(unit, bytes) }));
  const runs = Object.entries(ADVERSARIAL_RUNS).map(([name, [start, fill, end]]) => ({
    name,
    body: `${start}${fill.repeat(Math.max(0, bytes - Buffer.byteLength(start + end)))}${end}`,
  }));
  return [...repeated, ...runs];
}

/** A body of the unit repeated to exactly `bytes` UTF-8 bytes or just under (never splitting a character). */
export function repeatToBytes(unit: string, bytes = MAX_BODY_BYTES): string {
  const unitBytes = Buffer.byteLength(unit);
  let body = unit.repeat(Math.floor(bytes / unitBytes));
  for (const ch of unit) {
    if (Buffer.byteLength(body) + Buffer.byteLength(ch) > bytes) break;
    body += ch;
  }
  return body;
}

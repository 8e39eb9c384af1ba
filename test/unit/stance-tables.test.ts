import { describe, expect, it } from 'vitest';
import { findMentions, MentionLocator, type Mention } from '../../server/stance/rules/mentions.js';
import { TokenScope } from '../../server/stance/rules/scope.js';
import { buildSubjectMatcher, indexParticipants } from '../../server/stance/rules/targets.js';
import { tokenize, type Token } from '../../server/stance/rules/tokens.js';

// The rule layer answers its per-word questions from tables built in one pass (TokenScope, MentionLocator).
// These check the tables against the plain scans they replaced, written out here as the specification, on
// random comments made of the words those questions turn on.
const WORDS = [
  'Rivera',
  'Jamie',
  'she',
  'her',
  'he',
  'critics',
  'haters',
  'fans',
  'people',
  'hating',
  'you',
  'your',
  'Dave',
  'the',
  'coach',
  'guy',
  'great',
  'lazy',
  'hero',
  'fraud',
  'not',
  'never',
  'no',
  'but',
  'though',
  'although',
  'however',
  'yet',
  'still',
  'anymore',
  'again',
  'longer',
  'more',
  'better',
  'than',
  'ago',
  'used',
  'early',
  'says',
  'think',
  'love',
  'and',
  'is',
  'how',
  'because',
  '"',
  '.',
  '?',
  '!',
  ',',
  '\n',
  'lol',
  'agreed',
];

/** A small seeded PRNG (mulberry32), so every run checks the same comments. */
function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function randomComment(random: () => number, length: number): string {
  return Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

const CONTRAST = new Set(['but', 'though', 'although', 'however', 'yet']);
const OPENERS = new Set(['but', 'however', 'still', 'yet']);

function turn(tokens: readonly Token[], k: number): 'contrast' | 'retract' | undefined {
  const t = tokens[k];
  if (!t || t.isMark) return undefined;
  const first = k === 0 || tokens[k - 1]?.sentence !== t.sentence;
  const last = tokens[k + 1]?.isMark === true && tokens[k + 1]?.sentence === t.sentence;
  const next = tokens[k + 1]?.text;
  if (first && ((t.text === 'not' && next === 'anymore') || (t.text === 'never' && next === 'again') || (t.text === 'no' && next === 'longer')))
    return 'retract';
  if ((first && OPENERS.has(t.text)) || (last && t.text === 'though' && t.sentence > 0)) return 'contrast';
  return undefined;
}

const scan = {
  contrastFactor(tokens: readonly Token[], i: number): number {
    const tok = tokens[i]!;
    let before = false;
    let after = false;
    let retracted = false;
    tokens.forEach((t, k) => {
      if (t.sentence === tok.sentence && CONTRAST.has(t.text)) {
        if (k < i) after = true;
        else if (k > i + 1) before = true;
      } else if (t.sentence === tok.sentence + 1) {
        const kind = turn(tokens, k);
        if (kind === 'retract') retracted = true;
        else if (kind === 'contrast') before = true;
      } else if (t.sentence === tok.sentence && k < i && turn(tokens, k) === 'contrast') after = true;
    });
    return retracted ? -0.6 : after ? 1.3 : before ? 0.6 : 1;
  },
  isQuestion(tokens: readonly Token[], i: number): boolean {
    for (let k = i; k < tokens.length; k += 1) if (tokens[k]!.isMark && tokens[k]!.sentence === tokens[i]!.sentence) return tokens[k]!.text === '?';
    return false;
  },
  quotedSpan(tokens: readonly Token[], i: number): number {
    let start = i;
    let end = i;
    while (tokens[start - 1]?.quoted) start -= 1;
    while (tokens[end + 1]?.quoted) end += 1;
    return end - start + 1;
  },
  isInThePast(tokens: readonly Token[], i: number): boolean {
    return tokens.some(
      (t) => t.sentence === tokens[i]!.sentence && ['ago', 'used', 'early', 'earlier', 'anymore', 'nowadays', 'former', 'formerly', 'once'].includes(t.text),
    );
  },
  targetOf(tokens: readonly Token[], i: number, mentions: readonly Mention[]): Mention | undefined {
    const tok = tokens[i]!;
    const pick = (same: (m: Mention) => boolean) => {
      let best: Mention | undefined;
      let bestDistance = Infinity;
      for (const m of mentions) {
        if (!same(m)) continue;
        if ((m.kind === 'critics' || m.kind === 'critic-insult' || m.kind === 'defenders') && i < m.start - 1) continue;
        const distance = m.start > i ? m.start - i : i - (m.start + m.length - 1);
        const bias = m.kind === 'subject' || m.kind === 'indirect' ? -0.5 : 0;
        if (distance + bias < bestDistance) {
          best = m;
          bestDistance = distance + bias;
        }
      }
      return best;
    };
    return pick((m) => tokens[m.start]?.clause === tok.clause) ?? pick((m) => tokens[m.start]?.sentence === tok.sentence);
  },
};

describe("the rule layer's tables", () => {
  const random = createRandom(20_261_202);
  const matcher = buildSubjectMatcher({ name: 'Jamie Rivera', aliases: ['Rivera'] }, 'Jamie Rivera said she would stay.');
  const participants = indexParticipants(['Dave Other'], new Set(['jamie', 'rivera']));
  const comments = Array.from({ length: 300 }, (_, k) => randomComment(random, 5 + (k % 60)));

  it('answer the scope questions as a scan of the whole comment would', () => {
    let checked = 0;
    for (const text of comments) {
      const tokens = tokenize(text);
      const scope = new TokenScope(tokens);
      for (let i = 0; i < tokens.length; i += 1) {
        expect(scope.contrastFactor(i), `${text} @${i}`).toBe(scan.contrastFactor(tokens, i));
        expect(scope.isQuestion(i), `${text} @${i}`).toBe(scan.isQuestion(tokens, i));
        expect(scope.quotedSpan(i), `${text} @${i}`).toBe(scan.quotedSpan(tokens, i));
        expect(scope.isInThePast(i), `${text} @${i}`).toBe(scan.isInThePast(tokens, i));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('aim each word at the mention a scan of every mention would pick', () => {
    let aimed = 0;
    for (const text of comments) {
      const tokens = tokenize(text);
      const mentions = findMentions(tokens, matcher, participants, 'Post Author');
      const locator = new MentionLocator(tokens, mentions);
      for (let i = 0; i < tokens.length; i += 1) {
        const expected = scan.targetOf(tokens, i, mentions);
        expect(locator.targetOf(i), `${text} @${i}`).toBe(expected);
        if (expected) aimed += 1;
        const covering = mentions.find((m) => i >= m.start && i < m.start + m.length);
        expect(locator.at(i)).toBe(covering);
      }
    }
    expect(aimed).toBeGreaterThan(1000);
  });
});

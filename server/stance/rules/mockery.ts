// Mockery: sarcasm markers themselves, and attacks on the subject's critics or defenders.
import type { ContentContext, Evidence } from './evidence.js';
import { DEFENDER_MOCKERY, MOCKING_WORDS } from './lexicon.js';
import { phraseList, quote } from './phrases.js';

const DEFENDER_MOCK = phraseList(DEFENDER_MOCKERY);
const CRITIC_INSULT_POLARITY = 1.6;
const CRITIC_ATTACK_POLARITY = 1.2;
const DEFENDER_ATTACK_POLARITY = -1.5;
const SARCASM_POLARITY = -0.8;
const ECHOED_CRITICISM_POLARITY = 1.2;

/** Sarcasm markers themselves, attacks on critics and on defenders. */
export function findMockeryEvidence(ctx: ContentContext): Evidence[] {
  const { scope, sarcasm } = ctx;
  const { tokens } = scope;
  const mentions = ctx.mentions.mentions;
  const evidence: Evidence[] = [];
  // "Right, because he is obviously scared of competition": agreeing, mockingly, with a criticism mocks the critics.
  const echoed = ctx.mockEchoes.find((e) => e.tone < 0);
  if (echoed) {
    const claim = tokens
      .slice(echoed.claimStart, echoed.claimEnd)
      .filter((t) => !t.isMark)
      .map((t) => t.text)
      .join(' ');
    evidence.push({ kind: 'mock:critics', polarity: ECHOED_CRITICISM_POLARITY, cue: `mocks a criticism of the subject by echoing it (${quote(claim)})` });
  }
  // "Nothing says leadership like skipping the vote": what nothing says is praise, however plain its words.
  const praised = ctx.mockEchoes.find((e) => e.form === 'nothing says' && e.tone === 0 && e.claimEnd > e.claimStart);
  if (praised && !echoed) {
    const claim = tokens
      .slice(praised.claimStart, praised.claimEnd)
      .filter((t) => !t.isMark)
      .map((t) => t.text)
      .join(' ');
    evidence.push({ kind: 'mock:sarcasm', polarity: SARCASM_POLARITY, cue: `mock-praises the subject by echoing (${quote(claim)})` });
  }
  const aimedAtCritics = echoed !== undefined || mentions.some((m) => m.kind === 'critics' || m.kind === 'critic-insult');
  if (sarcasm[0]) {
    const polarity = aimedAtCritics ? -SARCASM_POLARITY : SARCASM_POLARITY;
    evidence.push({ kind: 'mock:sarcasm', polarity, cue: `sarcasm (${quote(sarcasm[0].phrase)}) ${aimedAtCritics ? 'at the critics' : 'at the subject'}` });
  }
  let mocksDefenders: boolean | undefined;
  for (const m of mentions) {
    const words = () =>
      tokens
        .slice(m.start, m.start + m.length)
        .map((t) => t.text)
        .join(' ');
    const sentence = tokens[m.start]?.sentence ?? -1;
    if (m.kind === 'critic-insult') {
      evidence.push({ kind: 'mock:critics', polarity: CRITIC_INSULT_POLARITY, cue: `mocks the subject's critics (${quote(words())})` });
    } else if (m.kind === 'critics' && scope.sentenceHas(MOCKING_WORDS, sentence)) {
      evidence.push({ kind: 'mock:critics', polarity: CRITIC_ATTACK_POLARITY, cue: `mocks the subject's critics (${quote(words())})` });
    } else if (m.kind === 'defenders' && (mocksDefenders ??= DEFENDER_MOCK.findAll(tokens).length > 0)) {
      evidence.push({ kind: 'mock:defenders', polarity: DEFENDER_ATTACK_POLARITY, cue: `mocks the subject's defenders (${quote(words())})` });
    }
  }
  return evidence;
}

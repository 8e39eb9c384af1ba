// The rule layer: tokenises an item once, finds who it talks about, and gathers every cue with the logits the
// hand-set weights give. Its result carries the tokens and the subject matcher on to the models.
import type { StanceContext, ThreadItem } from '../stance-types.js';
import type { Stance } from '../../shared/stances.js';
import type { Evidence } from './evidence.js';
import { findMentions, MentionLocator, type Mention } from './mentions.js';
import { findMockeryEvidence } from './mockery.js';
import { findNeutralSignals } from './neutral-signals.js';
import { echoesAsQuestion, findReferenceEvidence, type Referent, type ReferenceResult } from './references.js';
import { findMockEchoes, findSarcasm, type MockEcho } from './sarcasm.js';
import { buildSideMatcher, type SideMatcher } from './sides.js';
import { findSloganEvidence } from './slogans.js';
import { TokenScope } from './scope.js';
import { echoTones, findSentimentEvidence } from './sentiment.js';
import { buildSubjectMatcher, indexParticipants, type SubjectMatcher } from './targets.js';
import { isVocative, sameName, ThreadRoles } from './thread-roles.js';
import { leadingPart, tokenize, tokenizeName, type Token } from './tokens.js';

const NEUTRAL_BASE = 0.3;
const AGAINST_BIAS = 0.1;
const YOU_WORDS = new Set(['you', 'your', 'yours', 'yourself', 'u', 'ya']);

/** Everything the rule layer found in one item: the base model's inputs. */
export interface StanceAnalysis {
  tokens: Token[];
  /** The post's subject matcher, which the word features reuse. */
  matcher: SubjectMatcher;
  mentions: Mention[];
  evidence: Evidence[];
  neutral: { weight: number; cues: string[] };
  reference: Pick<ReferenceResult, 'neutralWeight' | 'cues'>;
  ruleLogits: Record<Stance, number>;
  isTopLevel: boolean;
  parent?: Referent;
}

/** The rule layer alone: every cue found in the item, and the logits the hand-set weights give. Pure. */
export function analyzeStance(target: ThreadItem, context: StanceContext): StanceAnalysis {
  const { subject, post, earlier } = context;
  const tokens = tokenize(leadingPart(target.body));
  const scope = new TokenScope(tokens);
  const { matcher, subjectWords, sides } = preparePost(context);
  const roles = new ThreadRoles(target, context);
  const authors = [post.author, ...earlier.map((e) => e.author)].filter((a) => !sameName(a, target.author));
  const found = findMentions(tokens, matcher, indexParticipants(authors, subjectWords), post.author, sides);
  const { isTopLevel } = roles;
  const mentions = isTopLevel && !found.some((m) => isAddressing(tokens, m)) ? found.filter((m) => !isGenericYou(tokens, m)) : found;
  const stanceOf = (author: string) => roles.stanceOf(author);
  const trustOf = (author: string) => roles.trustOf(author);
  const addressee = roles.addressee(tokens, mentions);
  const sarcasm = findSarcasm(scope);
  const echoes = !isTopLevel && echoesAsQuestion(tokens, addressee?.body);

  const evidence: Evidence[] = [];
  const reference = findReferenceEvidence({ scope, mentions, addressee, isTopLevel, echoes, stanceOf, trustOf });
  evidence.push(...reference.evidence);
  const content = {
    scope,
    mentions: new MentionLocator(tokens, mentions),
    sarcasm,
    mockEchoes: withTones(scope, findMockEchoes(tokens, sarcasm)),
    subjectLabel: subject.name,
    addressee: addressee && addressee.stance ? { name: addressee.role, stance: addressee.stance, trust: addressee.trust } : undefined,
    stanceOfParticipant: stanceOf,
    trustOfParticipant: trustOf,
    post,
    skipSentence: echoes ? 0 : undefined,
  };
  evidence.push(...findSentimentEvidence(content), ...findMockeryEvidence(content), ...findSloganEvidence(content));
  // A reply that mocks a claim ("Sure, because he is so lazy") says whom it rebuts: the claim's holders, not whoever it answers.
  evidence.push(...roles.priors(reference.found || content.mockEchoes.length > 0, addressee));

  const neutral = findNeutralSignals(tokens, sarcasm);
  const polarity = evidence.reduce((sum, e) => sum + e.polarity, 0);
  const ruleLogits: Record<Stance, number> = {
    pro: polarity,
    against: -polarity + AGAINST_BIAS,
    neutral: NEUTRAL_BASE + neutral.weight + reference.neutralWeight,
  };
  return { tokens, matcher, mentions, evidence, neutral, reference, ruleLogits, isTopLevel, parent: addressee };
}

function withTones(scope: TokenScope, echoes: MockEcho[]): (MockEcho & { tone: number })[] {
  const tones = echoTones(scope, echoes);
  return echoes.map((e, k) => ({ ...e, tone: tones[k] ?? 0 }));
}

// The subject matcher depends only on the post; build it once per post object.
interface PreparedPost {
  matcher: SubjectMatcher;
  subjectWords: Set<string>;
  sides: SideMatcher;
}
const prepared = new WeakMap<object, PreparedPost>();

function preparePost(context: StanceContext): PreparedPost {
  const cached = prepared.get(context.post);
  if (cached) return cached;
  const { subject, post } = context;
  const value = {
    matcher: buildSubjectMatcher(subject, `${post.title}\n${post.body}`),
    subjectWords: new Set([...tokenizeName(subject.name), ...subject.aliases.flatMap(tokenizeName)]),
    sides: buildSideMatcher(subject),
  };
  prepared.set(context.post, value);
  return value;
}

// In a top-level comment "you" is usually generic ("you don't skip a team flight"), unless the
// comment names the post's author or speaks of "your post".
function isGenericYou(tokens: readonly Token[], m: Mention): boolean {
  return m.kind === 'addressee' && YOU_WORDS.has(tokens[m.start]?.text ?? '');
}

function isAddressing(tokens: readonly Token[], m: Mention): boolean {
  return m.kind === 'post' || (m.kind === 'participant' && isVocative(tokens, m));
}

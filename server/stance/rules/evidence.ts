// What a rule cue reports, and what the content cues read about the comment and the thread around it.
import type { Stance } from '../../shared/stances.js';
import type { MentionLocator } from './mentions.js';
import type { MockEcho, SarcasmHit } from './sarcasm.js';
import type { TokenScope } from './scope.js';

/** One piece of evidence: polarity > 0 leans pro, < 0 leans against; the cue explains it to a moderator. */
export interface Evidence {
  polarity: number;
  cue: string;
  /** Which cue family fired ("sent:subject", "ref:parent"...): the base model learns how far to trust each. */
  kind?: string;
}

/** What the content cues need to know about the comment (tabled once) and the thread around it. */
export interface ContentContext {
  scope: TokenScope;
  mentions: MentionLocator;
  sarcasm: readonly SarcasmHit[];
  /** Claims echoed to mock them ("Oh yes, because ... is such lazy work"), with the claim's plain tone (< 0: criticism). */
  mockEchoes: readonly (MockEcho & { tone: number })[];
  subjectLabel: string;
  /** Who "you" is and where they stand, if known. */
  addressee?: { name: string; stance: Stance; trust?: number };
  stanceOfParticipant: (author: string) => Stance | undefined;
  /** How far a participant's label can be trusted (0..1): low-confidence automatic labels pass on little. */
  trustOfParticipant: (author: string) => number;
  post: { author: string; stance?: Stance };
  /** A sentence whose words are the answered comment's, echoed back ("Grift?"). */
  skipSentence?: number;
}

// The stance engine's input and output, shared by the rules, the models, the classifier and its callers.
import type { Stance, StanceSource } from '../shared/stances.js';

/** Whom a post's debate is about: the name and the other names commenters use. */
export interface StanceSubject {
  name: string;
  aliases: string[];
  /** The subject's side and the other side (people, groups, slogans, hashtags), as the author names them; none when absent. */
  allies?: string[];
  rivals?: string[];
}

/** A comment or group remark. For a remark, parentId is the comment that carries it (or null). */
export interface ThreadItem {
  id: string;
  parentId: string | null;
  author: string;
  body: string;
  kind: 'comment' | 'remark';
  /** The label the item currently carries (never gold when evaluating). */
  stance?: Stance;
  /** Who set that label and how sure the classifier was; a label without these is trusted fully. */
  source?: StanceSource;
  confidence?: number;
}

/** The post an item is under, as the classifier reads it. stance: the author's declared stance toward the subject, if any. */
export interface StancePostText {
  author: string;
  title: string;
  body: string;
  stance?: Stance;
}

export interface StanceContext {
  subject: StanceSubject;
  post: StancePostText;
  /** Items shown before the target, in thread order. */
  earlier: ThreadItem[];
}

export interface StanceResult {
  label: Stance;
  /** 0..1: how sure the engine is; low values are where moderators should look first. */
  confidence: number;
  cues: string[];
}

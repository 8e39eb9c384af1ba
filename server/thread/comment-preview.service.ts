// The comment form's Preview: the reader's draft as the thread would show it once posted, rendered by the same
// renderer and sanitiser as a stored comment, with the side badge it would get. Nothing is stored.
import type { DbOrTx } from '../db/database.js';
import { buildSideBadge, type SideBadge } from '../debate/side-badges.js';
import { loadDebateSettings, loadStanceSettings } from '../settings/settings.repository.js';
import { avatarKeyForEmail } from '../shared/avatar.js';
import { normalizeCommentText, renderCommentHtml } from '../shared/comment-format.js';
import type { Stance } from '../shared/stances.js';
import { classifyComment } from '../stance/stance.service.js';
import { placeComment } from './new-comment.service.js';
import type { StancePost } from '../stance/thread-context.service.js';

/** The draft as the comment form parsed it (the same schema as a real comment). */
export interface DraftComment {
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string | null;
  body: string;
  selfStance: Stance | null;
}

/** What the preview prints: `bodyHtml` is the sanitised rendering, the only field a template may print unescaped. */
export interface CommentPreview {
  authorName: string;
  authorUrl: string | null;
  avatarUrl: string;
  bodyHtml: string;
  badge: SideBadge | null;
}

/**
 * The preview of a draft, or the FormInvalid its POST would get for where it goes (placeComment: a closed post, a
 * reply target not shown on it). The rules that depend on the moment of posting
 * (throttle, duplicates, held words) are left to the POST. A side the reader chose is the badge it gets, as on a posted comment; without one the
 * classifier reads the draft in its thread, when `classify` allows (previews cost the classifier what a POST does,
 * so the caller limits them) and the site shows badges at all. A classifier that cannot answer leaves no badge.
 */
export async function previewComment(
  db: DbOrTx,
  post: StancePost & { comments_open: number },
  draft: DraftComment,
  options: { secret: string; classify: boolean },
): Promise<CommentPreview> {
  await placeComment(db, post, draft.parentId);
  const body = normalizeCommentText(draft.body);
  const shown = { authorName: draft.authorName, authorUrl: draft.authorUrl, avatarUrl: `/avatars/${avatarKeyForEmail(draft.authorEmail, options.secret)}.svg` };
  const preview = { ...shown, bodyHtml: renderCommentHtml(body), badge: null };
  if (!(await loadDebateSettings(db)).showSideBadges) return preview;
  if (draft.selfStance)
    return { ...preview, badge: buildSideBadge({ label: draft.selfStance, source: 'self', confidence: 1, cues: [], auto: null, self: draft.selfStance }) };
  if (!options.classify) return preview;
  const [auto, settings] = await Promise.all([
    classifyComment(db, post, { parentId: draft.parentId, authorName: draft.authorName, body }),
    loadStanceSettings(db),
  ]);
  if (!auto) return preview;
  return {
    ...preview,
    badge: buildSideBadge({ label: auto.label, source: 'auto', confidence: auto.confidence, cues: auto.cues, auto: null, self: null }, settings.unsureBelow),
  };
}

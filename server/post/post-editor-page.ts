import type { Post } from '../db/schema.js';
import { STANCES } from '../shared/stances.js';
import { parseAliases } from './post-subject.js';
import { MODERATION_MODES, MODERATION_MODE_LABELS } from './post.forms.js';

const STANCE_WORDS = { pro: 'For', against: 'Against', neutral: 'Neither' } as const;

/** The form values of a stored post, as the editor shows them. Pure. */
export function postFormValues(post: Post): Record<string, string> {
  return {
    title: post.title,
    slug: post.slug,
    body: post.body_raw,
    subject_name: post.subject_name,
    subject_aliases: parseAliases(post.subject_aliases).join(', '),
    subject_allies: parseAliases(post.subject_allies).join(', '),
    subject_rivals: parseAliases(post.subject_rivals).join(', '),
    author_stance: post.author_stance ?? '',
    status: post.status,
    comments_open: post.comments_open ? '1' : '',
    moderation_mode: post.moderation_mode,
  };
}

/** The values a new post starts with: a draft, comments open, first-time commenters held. */
export const NEW_POST_VALUES: Record<string, string> = {
  title: '',
  slug: '',
  body: '',
  subject_name: '',
  subject_aliases: '',
  subject_allies: '',
  subject_rivals: '',
  author_stance: '',
  status: 'draft',
  comments_open: '1',
  moderation_mode: 'first_time',
};

/** Everything the editor template prints: fields, choices with their checked state, errors, preview. Pure. */
export function buildPostEditor(options: {
  action: string;
  heading: string;
  values: Record<string, string>;
  errors: Record<string, string>;
  previewHtml: string | null;
  viewHref: string | null;
  saved: boolean;
  /** The post being edited; null in the new-post editor, which has no stances or remarks yet. */
  postId?: number | null;
}) {
  const postId = options.postId ?? null;
  const v = options.values;
  return {
    heading: options.heading,
    action: options.action,
    values: v,
    errors: options.errors,
    hasErrors: Object.keys(options.errors).length > 0,
    previewHtml: options.previewHtml,
    viewHref: options.viewHref,
    saved: options.saved,
    tools: postId === null ? null : { stancesHref: `/staff/posts/${postId}/stances`, remarksHref: `/staff/posts/${postId}/remarks` },
    commentsOpen: v.comments_open === '1',
    stanceOptions: [
      { value: '', label: 'Not stated', checked: (v.author_stance ?? '') === '' },
      ...STANCES.map((s) => ({ value: s, label: STANCE_WORDS[s], checked: v.author_stance === s })),
    ],
    statusOptions: [
      { value: 'draft', label: 'Draft (only staff can see it)', checked: v.status !== 'published' },
      { value: 'published', label: 'Published', checked: v.status === 'published' },
    ],
    moderationOptions: MODERATION_MODES.map((m) => ({ value: m, label: MODERATION_MODE_LABELS[m], checked: v.moderation_mode === m })),
  };
}

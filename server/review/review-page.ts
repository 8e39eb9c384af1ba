import type { TimeFormat } from '../shared/time.js';
import { plural } from '../shared/words.js';
import { formatConfidence } from './review-filter.js';
import { STANCES, STANCE_SOURCES, type Stance } from '../shared/stances.js';
import type { ReviewFilter, ReviewItem } from './review-items.js';

const SIDE_WORDS: Record<Stance, string> = { pro: 'For', against: 'Against', neutral: 'Neither' };
const KEYS: Record<Stance, string> = { pro: '1', against: '2', neutral: '3' };
const EXCERPT_CHARS = 400;
const PARENT_EXCERPT_CHARS = 160;

const excerpt = (text: string, chars: number) => (text.length > chars ? `${text.slice(0, chars)}…` : text);

/** The review list's address for a filter and page. Pure. */
export function reviewHref(postId: number | null, filter: ReviewFilter, page = 1): string {
  const params: string[] = [];
  if (postId !== null) params.push(`post=${postId}`);
  if (filter.label) params.push(`label=${filter.label}`);
  if (filter.source) params.push(`source=${filter.source}`);
  if (filter.maxConfidence !== null) params.push(`max_confidence=${filter.maxConfidence}`);
  if (filter.needsReview) params.push('needs=1');
  if (page > 1) params.push(`page=${page}`);
  return params.length ? `/staff/stances?${params.join('&')}` : '/staff/stances';
}

const percent = (n: number) => `${Math.round(n * 100)}%`;

/** Everything the review page prints. Pure. */
export function buildReviewPage(options: {
  time: TimeFormat;
  postId: number | null;
  postTitle: string | null;
  filter: ReviewFilter;
  /** The text typed in free-text fields, shown again as typed; errors holds a message per bad field. */
  typed: Record<string, string>;
  errors: Record<string, string>;
  /** Moderators and admins label; authors read. */
  canLabel: boolean;
  items: ReviewItem[];
  total: number;
  page: number;
  perPage: number;
  posts: { id: number; title: string }[];
  message: string | null;
}) {
  const { postId, filter, page, perPage } = options;
  const here = reviewHref(postId, filter, page);
  const pageCount = Math.max(1, Math.ceil(options.total / perPage));
  return {
    heading: options.postTitle ? `Stances: ${options.postTitle}` : 'Stances: all posts',
    here,
    message: options.message,
    total: options.total,
    totalText: plural(options.total, 'item'),
    canLabel: options.canLabel,
    errors: options.errors,
    summaryHref: postId !== null ? `/staff/posts/${postId}/stances` : null,
    postOptions: [
      { value: '', label: 'All posts', selected: postId === null },
      ...options.posts.map((p) => ({ value: String(p.id), label: p.title, selected: p.id === postId })),
    ],
    labelOptions: [
      { value: '', label: 'Any label', selected: !filter.label },
      ...STANCES.map((s) => ({ value: s, label: SIDE_WORDS[s], selected: filter.label === s })),
    ],
    sourceOptions: [
      { value: '', label: 'Any source', selected: !filter.source },
      ...STANCE_SOURCES.map((s) => ({ value: s, label: s, selected: filter.source === s })),
    ],
    maxConfidence: options.errors.max_confidence
      ? (options.typed.max_confidence ?? '')
      : filter.maxConfidence === null
        ? ''
        : formatConfidence(filter.maxConfidence),
    needsReview: filter.needsReview,
    items: options.items.map((i) => ({
      key: i.key,
      kindLabel: i.kind === 'comment' ? 'Comment' : 'Remark',
      author: i.author,
      postTitle: i.postTitle,
      // The permalink finds the thread page the comment is on (a remark's: the comment that carries it).
      threadHref: `/posts/${i.postSlug}/comments/${i.kind === 'comment' ? i.id : i.parent!.id}`,
      parent: i.parent && i.kind === 'comment' ? { author: i.parent.author, text: excerpt(i.parent.text, PARENT_EXCERPT_CHARS) } : null,
      carrier: i.parent && i.kind === 'remark' ? { author: i.parent.author } : null,
      saidAt: i.saidAt,
      saidText: /^\d{4}-/.test(i.saidAt) ? options.time.dateTime(i.saidAt) : i.saidAt,
      text: excerpt(i.text, EXCERPT_CHARS),
      label: i.current ? SIDE_WORDS[i.current.label] : 'Unlabelled',
      labelClass: i.current ? `stance-${i.current.label}` : 'muted',
      source: i.current?.source ?? '—',
      confidence: i.current ? percent(i.current.confidence) : '—',
      auto: i.current?.auto ? { label: SIDE_WORDS[i.current.auto.label], confidence: percent(i.current.auto.confidence), cues: i.current.auto.cues } : null,
      self: i.current?.self ? SIDE_WORDS[i.current.self] : null,
      disagreement: i.disagreement,
      lowConfidence: i.lowConfidence,
      choices: STANCES.map((s) => ({ value: s, label: SIDE_WORDS[s], key: KEYS[s], isCurrent: i.current?.label === s })),
    })),
    prevHref: page > 1 ? reviewHref(postId, filter, page - 1) : null,
    nextHref: page < pageCount ? reviewHref(postId, filter, page + 1) : null,
    pageLabel: `Page ${page} of ${pageCount}`,
  };
}

import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** ISO-8601 UTC text on both engines, so ordering and comparisons are the same everywhere. */
type Timestamp = string;

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: 'admin' | 'moderator' | 'author';
  password_hash: string | null;
  created_at: Timestamp;
  /** 1: mail this writer about new approved comments on their own posts. */
  mail_new_comments: ColumnType<number, number | undefined, number>;
  /** How often this moderator is mailed the comments held for review. */
  mail_held_digest: ColumnType<HeldDigest, HeldDigest | undefined, HeldDigest>;
  /** Set when an admin disabled the account: it signs in no more. */
  disabled_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1: the next sign-in leads to choosing a new password before anything else (the first-start admin's). */
  must_change_password: ColumnType<number, number | undefined, number>;
  /** SHA-256 of the token of the account's one-time set-password link (invitation or reset), and when it stops working. */
  password_link_hash: ColumnType<string | null, string | null | undefined, string | null>;
  password_link_expires_at: ColumnType<string | null, string | null | undefined, string | null>;
}

/** How often a moderator's digest of held comments goes out (one constant: the form, the zod enum, the type). */
export const HELD_DIGESTS = ['off', 'hourly', 'daily'] as const;
export type HeldDigest = (typeof HELD_DIGESTS)[number];

/** What a post is: one of the blog's own articles, or the thread of a page embedding it. */
export const POST_KINDS = ['article', 'external_page'] as const;
export type PostKind = (typeof POST_KINDS)[number];

export interface PostTable {
  id: Generated<number>;
  slug: string;
  title: string;
  /** What the author typed. Never rendered as HTML: body_html is the sanitized rendering of it. */
  body_raw: string;
  body_html: string;
  excerpt: string;
  author_id: number;
  status: 'draft' | 'published';
  subject_name: string;
  /** JSON array of strings: surname, first name, handle, nickname... */
  subject_aliases: string;
  /** JSON arrays of strings: the subject's allies and rivals (people, groups, slogans, hashtags); '[]' when none. */
  subject_allies: ColumnType<string, string | undefined, string>;
  subject_rivals: ColumnType<string, string | undefined, string>;
  author_stance: 'pro' | 'against' | 'neutral' | null;
  comments_open: ColumnType<number, number | undefined, number>;
  /** Bumped by triggers whenever the post's comments, remarks or stance labels change: keys the rendered-thread cache. */
  thread_version: ColumnType<number, number | undefined, number>;
  /** Which new comments wait for a moderator: all, first-time commenters only, or none. */
  moderation_mode: ColumnType<'all' | 'first_time' | 'open', 'all' | 'first_time' | 'open' | undefined, 'all' | 'first_time' | 'open'>;
  /** 'external_page': the thread of a page on an embedding site (page_url), created by its first view. */
  kind: ColumnType<PostKind, PostKind | undefined, PostKind>;
  /** The embedded page's normalised URL (unique), and its origin; null for articles. */
  page_url: ColumnType<string | null, string | null | undefined, string | null>;
  page_origin: ColumnType<string | null, string | null | undefined, string | null>;
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommentTable {
  id: Generated<number>;
  post_id: number;
  parent_id: number | null;
  /** True depth in the thread (0 = top level), whatever depth the page shows it at. */
  depth: number;
  author_name: string;
  /** Never shown to readers. */
  author_email: string;
  author_url: string | null;
  /** What the commenter typed. Never rendered as HTML: body_html is the escaped rendering of it. */
  body_raw: string;
  body_html: string;
  status: 'pending' | 'approved' | 'spam' | 'trash';
  self_stance: 'pro' | 'against' | 'neutral' | null;
  created_at: Timestamp;
  edited_at: Timestamp | null;
  deleted_at: Timestamp | null;
  /** Which moderation rule held the comment (or sent it to spam), and the text it matched. */
  held_rule: ColumnType<string | null, string | null | undefined, string | null>;
  held_match: ColumnType<string | null, string | null | undefined, string | null>;
  /** HMAC of the commenter's IP address, for the per-IP throttle; never shown. */
  author_ip_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** The staff account that wrote the comment from the post page; null for readers. */
  user_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The mark printed beside a staff reply, as it stood when written: the post's author, or a moderator. */
  staff_badge: ColumnType<'author' | 'moderator' | null, 'author' | 'moderator' | null | undefined, 'author' | 'moderator' | null>;
}

export interface GroupRemarkTable {
  id: Generated<number>;
  comment_id: number;
  source_group: string;
  source_url: string | null;
  author_name: string;
  headline: string | null;
  /** The label as it was pasted ("posted 3 days ago"); posted_at is the date it stood for. */
  posted_label: string | null;
  posted_at: Timestamp | null;
  /** As pasted. Never rendered as HTML: body_html is the escaped rendering of it. */
  body_raw: string;
  body_html: string;
  position: number;
  created_at: Timestamp;
  /** When staff last changed the remark's text; null if never. */
  edited_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
}

export interface StanceLabelTable {
  id: Generated<number>;
  /** Exactly one of comment_id and remark_id is set. */
  comment_id: number | null;
  remark_id: number | null;
  label: 'pro' | 'against' | 'neutral';
  source: 'self' | 'auto' | 'moderator';
  confidence: number;
  /** JSON array of plain-language reasons behind an automatic label. */
  cues: string;
  created_by: number | null;
  created_at: Timestamp;
  /** Why an automatic label was worked out again after its item was stored ("parent relabelled by a moderator"); null at first labelling. */
  reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface StanceModelTable {
  scope: string;
  /** StanceModel.toJSON(), learned from moderator decisions on this site. */
  model_json: string;
  /** Bumped on every save, so an instance can tell its cached copy is stale. */
  version: number;
  updated_at: Timestamp;
}

export interface SessionTable {
  id: Generated<number>;
  /** SHA-256 hex of the random session id; the id itself is only ever in the visitor's cookie. */
  token_hash: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface LoginFailureTable {
  id: Generated<number>;
  ip: string;
  /** Lower-cased address as typed, whether or not an account has it. */
  email: string;
  created_at: Timestamp;
}

export interface PostSlugTable {
  id: Generated<number>;
  /** A slug the post had before; it redirects to the current one. */
  slug: string;
  post_id: number;
  created_at: Timestamp;
}

export interface SettingTable {
  key: string;
  value_json: string;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  user_id: number | null;
  action: string;
  target_type: string;
  target_id: number | null;
  /** JSON snapshots of what the action changed, before and after. */
  before_json: string | null;
  after_json: string | null;
  created_at: Timestamp;
}

export interface CommentVoteTable {
  id: Generated<number>;
  comment_id: number;
  /** The comment's post, so a post's votes come in one indexed read. */
  post_id: number;
  /** 'u:<user id>' for staff (one reader whatever their browser), 'v:<HMAC of the visitor cookie>' otherwise. */
  voter_key: string;
  /** HMAC of the voter's address, for the per-address limit; never shown. */
  ip_hash: string;
  /** "Good point" or "Not convinced" (VOTE_VALUES in vote/). */
  value: 'good' | 'unconvinced';
  /** Held: part of a burst of votes from new visitors on one comment, not counted until a moderator approves it. */
  status: 'counted' | 'held' | 'rejected';
  /** 1 when the voter had cast no vote before the last NEW_VOTER window: what a burst is counted from. */
  from_new_voter: ColumnType<number, number | undefined, number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommentVisitorTable {
  comment_id: number;
  /** HMAC of the visitor cookie the comment was posted with: no vote on one's own comment. */
  visitor_hash: string;
}

/** The text an edit replaced, kept for staff (readers see only that the comment was edited). */
export interface CommentRevisionTable {
  id: Generated<number>;
  comment_id: number;
  /** What the comment said before the edit. Never rendered as HTML: body_html is the escaped rendering of it. */
  body_raw: string;
  body_html: string;
  /** The staff account that edited; null for the comment's writer. */
  edited_by_user_id: number | null;
  editor: 'writer' | 'staff';
  created_at: Timestamp;
}

export interface ViewChangeTable {
  id: Generated<number>;
  /** The comment that changed a mind. */
  comment_id: number;
  post_id: number;
  /** The changer's own earlier comment on the post, whose label history records the shift. */
  earlier_comment_id: number;
  changer_name: string;
  from_stance: 'pro' | 'against' | 'neutral' | null;
  to_stance: 'pro' | 'against' | 'neutral';
  /** As typed; shown escaped, never as HTML. */
  reason: string;
  created_at: Timestamp;
}

export interface ImportKeyTable {
  id: Generated<number>;
  source: 'wordpress' | 'disqus';
  kind: 'user' | 'post' | 'comment' | 'linkback';
  /** The export's identity for the row (a post's GUID, a comment's post GUID and id, an author's login). */
  source_key: string;
  /** The export's numeric id, for old links (/?p=123, #comment-456). */
  source_id: string | null;
  target_id: number;
  created_at: Timestamp;
}

/** Scratch rows of a two-pass import (a Disqus export's threads and comments), one run's, deleted when it ends. */
export interface ImportStagingTable {
  id: Generated<number>;
  run_key: string;
  kind: 'thread' | 'post';
  source_key: string;
  /** A comment's thread id; '' for a thread. */
  group_key: string;
  line: number;
  /** The row as the reader gave it, JSON; its text is an export's, never rendered from here. */
  payload: string;
  created_at: Timestamp;
}

export interface LegacyPathTable {
  id: Generated<number>;
  /** An old address of an imported post (path and query, e.g. /2009/04/17/slug/); answers 301 to the post. */
  path: string;
  post_id: number;
}

export interface LinkbackTable {
  id: Generated<number>;
  post_id: number;
  kind: 'pingback' | 'trackback';
  source_name: string;
  source_url: string | null;
  /** Plain text as the export had it, tags stripped; printed escaped, never as HTML. */
  excerpt: string;
  status: 'pending' | 'approved' | 'spam' | 'trash';
  created_at: Timestamp;
}

export interface MailOutboxTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  /** JSON object of extra header name to value (Message-ID, In-Reply-To, References, List-Unsubscribe...). */
  headers_json: string;
  body_text: string;
  /** Built from escaped text only (server/mail/mail-templates.ts). */
  body_html: string;
  status: ColumnType<'queued' | 'sent' | 'failed', 'queued' | 'sent' | 'failed' | undefined, 'queued' | 'sent' | 'failed'>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  /** While set and in the future, one sender holds the row. */
  claimed_until: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  sent_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  /** A batched message (followed post, staff digest) is rewritten while it waits: what it is, and what it lists. */
  batch_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** JSON array of the comment ids it is about. */
  batch_json: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set on a webhook delivery (recipient 'webhook:<id>', subject the event, body_text the JSON). */
  webhook_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The HTTP status of a webhook delivery's last attempt. */
  last_status: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface WebhookTable {
  id: Generated<number>;
  url: string;
  /** The HMAC-SHA256 key receivers check signatures with. */
  secret: string;
  /** JSON array of event names. */
  events: string;
  active: ColumnType<number, number | undefined, number>;
  consecutive_failures: ColumnType<number, number | undefined, number>;
  disabled_reason: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
}

export interface MailAddressTable {
  /** Lower-cased. */
  email: string;
  /** Null until the reader followed the confirmation link: nothing but that link is mailed before. */
  confirmed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface MailSubscriptionTable {
  id: Generated<number>;
  email: string;
  kind: 'replies' | 'post';
  post_id: number;
  /** The comment whose replies are followed ('replies' only). */
  comment_id: number | null;
  created_at: Timestamp;
  /** 1 once the address is confirmed (copied from mail_addresses, so a post's followers are read by index). */
  confirmed: Generated<number>;
}

export interface Database {
  users: UserTable;
  posts: PostTable;
  comments: CommentTable;
  group_remarks: GroupRemarkTable;
  stance_labels: StanceLabelTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  post_slugs: PostSlugTable;
  settings: SettingTable;
  audit_log: AuditLogTable;
  stance_models: StanceModelTable;
  comment_votes: CommentVoteTable;
  comment_visitors: CommentVisitorTable;
  comment_revisions: CommentRevisionTable;
  view_changes: ViewChangeTable;
  import_keys: ImportKeyTable;
  import_staging: ImportStagingTable;
  legacy_paths: LegacyPathTable;
  linkbacks: LinkbackTable;
  mail_outbox: MailOutboxTable;
  mail_addresses: MailAddressTable;
  mail_subscriptions: MailSubscriptionTable;
  webhooks: WebhookTable;
}

export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Post = Selectable<PostTable>;
export type NewPost = Insertable<PostTable>;
export type PostUpdate = Updateable<PostTable>;
export type Comment = Selectable<CommentTable>;
export type NewComment = Insertable<CommentTable>;
export type GroupRemark = Selectable<GroupRemarkTable>;
export type NewGroupRemark = Insertable<GroupRemarkTable>;
export type StanceLabel = Selectable<StanceLabelTable>;
export type NewStanceLabel = Insertable<StanceLabelTable>;
export type CommentVote = Selectable<CommentVoteTable>;
export type OutboxMessage = Selectable<MailOutboxTable>;
export type NewOutboxMessage = Insertable<MailOutboxTable>;

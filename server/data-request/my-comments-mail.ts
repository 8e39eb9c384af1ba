// The message that carries a reader's download link, and the file it leads to. Pure.
import type { MailContent, SiteIdentity } from '../mail/mail-templates.js';
import type { Stance, StanceSource } from '../shared/stances.js';

/** How long a download link works: long enough to read the mail, short enough that an old one found later is dead. */
export const MY_COMMENTS_LINK_HOURS = 24;

export const MY_COMMENTS_FORMAT = 'rejoinder-my-comments';

/** The message with the link. */
export function myCommentsMail(site: SiteIdentity, url: string): MailContent {
  return {
    subject: `Your comments on ${site.name}`,
    paragraphs: [
      `Someone, we hope you, asked ${site.name} for the comments written from this address.`,
      `The link shows them, with a file of them all to download. It works for ${MY_COMMENTS_LINK_HOURS} hours; whoever has it can read them, so do not pass it on.`,
    ],
    action: { label: 'See my comments', url },
    footer: 'If it was not you, ignore this message: nobody else has been sent the link.',
  };
}

export interface MyCommentRow {
  id: number;
  post_slug: string;
  post_title: string;
  parent_id: number | null;
  author_name: string;
  author_url: string | null;
  body_raw: string;
  status: 'approved' | 'pending' | 'spam' | 'trash';
  self_stance: Stance | null;
  created_at: string;
  edited_at: string | null;
}

/** The downloaded file: the documented shape (README, "Your own comments"), comments oldest first. */
export function buildMyCommentsFile(
  publicUrl: string,
  email: string,
  rows: readonly MyCommentRow[],
  labels: ReadonlyMap<number, { label: Stance; source: StanceSource }>,
  exportedAt: string,
) {
  return {
    format: MY_COMMENTS_FORMAT,
    version: 1,
    exported_at: exportedAt,
    email,
    comments: rows.map((r) => ({
      id: r.id,
      post: { slug: r.post_slug, title: r.post_title, url: `${publicUrl}/posts/${encodeURIComponent(r.post_slug)}` },
      url: `${publicUrl}/posts/${encodeURIComponent(r.post_slug)}/comments/${r.id}`,
      parent_id: r.parent_id,
      author_name: r.author_name,
      author_url: r.author_url,
      // As typed: plain text, never HTML.
      body: r.body_raw,
      status: r.status === 'approved' ? 'published' : 'held',
      self_stance: r.self_stance,
      stance: labels.get(r.id) ?? null,
      created_at: r.created_at,
      edited_at: r.edited_at,
    })),
  };
}

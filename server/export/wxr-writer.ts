// A WordPress eXtended RSS 1.2 file, as WordPress's own exporter lays it out, so Tools → Import → WordPress reads it.
// Stance labels and group remarks travel as comment meta (rejoinder_stance, rejoinder_stance_history,
// rejoinder_remarks), which WordPress stores and shows nowhere. Pure: strings out, the caller writes them.
import { pickCurrentLabel } from '../stance/label-precedence.js';
import { escapeHtml } from '../shared/html.js';
import type { PostThread } from './export-types.js';

// XML 1.0 forbids these characters anywhere, even in CDATA; one in a comment would make the whole file unreadable.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text as CDATA: "]]>" split across two sections, characters XML cannot hold dropped. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replace(NOT_XML, '').replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Text as escaped XML character data. */
function xmlText(text: string): string {
  return text.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An ISO timestamp as WordPress's "YYYY-MM-DD HH:MM:SS" (UTC). */
function wpDate(iso: string | null): string {
  return iso === null ? '0000-00-00 00:00:00' : iso.slice(0, 19).replace('T', ' ');
}

const COMMENT_APPROVED = { approved: '1', pending: '0', spam: 'spam', trash: 'trash' } as const;

export interface WxrSite {
  title: string;
  url: string;
  exportedAt: string;
}

/** The channel's opening and the authors. */
export function wxrHead(site: WxrSite, users: readonly { id: number; email: string; name: string }[]): string {
  const authors = users
    .map(
      (u) =>
        `\t<wp:author><wp:author_id>${u.id}</wp:author_id><wp:author_login>${cdata(loginOf(u))}</wp:author_login><wp:author_email>${cdata(u.email)}</wp:author_email><wp:author_display_name>${cdata(u.name)}</wp:author_display_name></wp:author>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<title>${xmlText(site.title)}</title>
\t<link>${xmlText(site.url)}</link>
\t<description></description>
\t<pubDate>${new Date(site.exportedAt).toUTCString().replace('GMT', '+0000')}</pubDate>
\t<language>en</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>${xmlText(site.url)}</wp:base_site_url>
\t<wp:base_blog_url>${xmlText(site.url)}</wp:base_blog_url>
${authors}\t<generator>Rejoinder</generator>
`;
}

/** The login an author is exported under: their email, which is unique here as logins are in WordPress. */
function loginOf(user: { email: string }): string {
  return user.email;
}

function groupBy<T>(rows: readonly T[], keyOf: (row: T) => number | null): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

function meta(key: string, value: string): string {
  return `\t\t\t<wp:commentmeta><wp:meta_key>${cdata(key)}</wp:meta_key><wp:meta_value>${cdata(value)}</wp:meta_value></wp:commentmeta>\n`;
}

/** One post as an <item>, its comments, pingbacks and trackbacks inside it. */
export function wxrItem(site: WxrSite, thread: PostThread, author: { email: string }): string {
  const { post } = thread;
  const link = `${site.url}/posts/${post.slug}`;
  const labelsByComment = groupBy(thread.labels, (l) => l.comment_id);
  const remarkLabels = groupBy(thread.labels, (l) => l.remark_id);
  const remarksByComment = groupBy(thread.remarks, (r) => r.comment_id);
  const comments = thread.comments.map((c) => {
    const history = labelsByComment.get(c.id) ?? [];
    const current = pickCurrentLabel(history);
    const remarks = (remarksByComment.get(c.id) ?? []).map((r) => ({
      source_group: r.source_group,
      source_url: r.source_url,
      author_name: r.author_name,
      headline: r.headline,
      posted_at: r.posted_at,
      body: r.body_raw,
      stance: pickCurrentLabel(remarkLabels.get(r.id) ?? [])?.label ?? null,
    }));
    const metas = [
      current ? meta('rejoinder_stance', JSON.stringify({ label: current.label, source: current.source, confidence: current.confidence })) : '',
      history.length > 0
        ? meta(
            'rejoinder_stance_history',
            JSON.stringify(history.map((l) => ({ label: l.label, source: l.source, confidence: l.confidence, created_at: l.created_at }))),
          )
        : '',
      remarks.length > 0 ? meta('rejoinder_remarks', JSON.stringify(remarks)) : '',
    ].join('');
    return wxrComment({
      id: c.id,
      parentId: c.parent_id ?? 0,
      author: c.author_name,
      email: c.author_email,
      url: c.author_url ?? '',
      date: c.created_at,
      // Comment text is plain here; WordPress reads comment_content as HTML, so it is escaped.
      content: escapeHtml(c.body_raw),
      approved: COMMENT_APPROVED[c.status],
      type: 'comment',
      metas,
    });
  });
  // Linkbacks get ids past every comment's, so the two never share a comment_id in the file.
  const firstLinkbackId = Math.max(0, ...thread.comments.map((c) => c.id)) + 1;
  const linkbacks = thread.linkbacks.map((l, i) =>
    wxrComment({
      id: firstLinkbackId + i,
      parentId: 0,
      author: l.source_name,
      email: '',
      url: l.source_url ?? '',
      date: l.created_at,
      content: escapeHtml(l.excerpt),
      approved: COMMENT_APPROVED[l.status],
      type: l.kind,
      metas: '',
    }),
  );
  return `\t<item>
\t\t<title>${cdata(post.title)}</title>
\t\t<link>${xmlText(link)}</link>
\t\t<pubDate>${post.published_at ? new Date(post.published_at).toUTCString().replace('GMT', '+0000') : ''}</pubDate>
\t\t<dc:creator>${cdata(loginOf(author))}</dc:creator>
\t\t<guid isPermaLink="false">${xmlText(`${site.url}/?p=${post.id}`)}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata(post.body_html)}</content:encoded>
\t\t<excerpt:encoded>${cdata(post.excerpt)}</excerpt:encoded>
\t\t<wp:post_id>${post.id}</wp:post_id>
\t\t<wp:post_date>${cdata(wpDate(post.published_at ?? post.created_at))}</wp:post_date>
\t\t<wp:post_date_gmt>${cdata(wpDate(post.published_at ?? post.created_at))}</wp:post_date_gmt>
\t\t<wp:comment_status>${cdata(post.comments_open ? 'open' : 'closed')}</wp:comment_status>
\t\t<wp:ping_status>${cdata('closed')}</wp:ping_status>
\t\t<wp:post_name>${cdata(post.slug)}</wp:post_name>
\t\t<wp:status>${cdata(post.status === 'published' ? 'publish' : 'draft')}</wp:status>
\t\t<wp:post_parent>0</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type>${cdata('post')}</wp:post_type>
\t\t<wp:post_password>${cdata('')}</wp:post_password>
\t\t<wp:is_sticky>0</wp:is_sticky>
${comments.join('')}${linkbacks.join('')}\t</item>
`;
}

interface WxrCommentFields {
  id: number;
  parentId: number;
  author: string;
  email: string;
  url: string;
  date: string;
  content: string;
  approved: string;
  type: string;
  metas: string;
}

function wxrComment(c: WxrCommentFields): string {
  return `\t\t<wp:comment>
\t\t\t<wp:comment_id>${c.id}</wp:comment_id>
\t\t\t<wp:comment_author>${cdata(c.author)}</wp:comment_author>
\t\t\t<wp:comment_author_email>${cdata(c.email)}</wp:comment_author_email>
\t\t\t<wp:comment_author_url>${xmlText(c.url)}</wp:comment_author_url>
\t\t\t<wp:comment_author_IP>${cdata('')}</wp:comment_author_IP>
\t\t\t<wp:comment_date>${cdata(wpDate(c.date))}</wp:comment_date>
\t\t\t<wp:comment_date_gmt>${cdata(wpDate(c.date))}</wp:comment_date_gmt>
\t\t\t<wp:comment_content>${cdata(c.content)}</wp:comment_content>
\t\t\t<wp:comment_approved>${cdata(c.approved)}</wp:comment_approved>
\t\t\t<wp:comment_type>${cdata(c.type)}</wp:comment_type>
\t\t\t<wp:comment_parent>${c.parentId}</wp:comment_parent>
\t\t\t<wp:comment_user_id>0</wp:comment_user_id>
${c.metas}\t\t</wp:comment>
`;
}

/** The channel's end. */
export function wxrTail(): string {
  return '</channel>\n</rss>\n';
}

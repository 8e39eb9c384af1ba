// The messages staff choose to get: new comments on their own posts, and the digest of comments held for review. Pure.
import type { MailContent, SiteIdentity } from '../mail/mail-templates.js';
import { formatSiteTime } from '../mail/mail-templates.js';
import type { PostNews } from './subscription-mail.js';
import { followedPostItems, moreText } from './subscription-mail.js';

export interface StaffLinks {
  unsubscribeUrl: string;
  /** The page where the writer sets what they are mailed. */
  manageUrl: string;
}

function countText(n: number): string {
  return n === 1 ? 'A new comment' : `${n} new comments`;
}

/** New comments on a post of the writer's own. */
export function authorNewsMail(site: SiteIdentity, news: PostNews, links: StaffLinks): MailContent {
  return {
    subject: `${countText(news.total)} on your post “${news.postTitle}”`,
    paragraphs: [`${countText(news.total)} on your post “${news.postTitle}” on ${site.name}.`, ...moreText(news.comments.length, news.total, 'in the debate')],
    items: followedPostItems(site, news),
    action: { label: 'Read the debate', url: news.postUrl },
    footer: 'You get this because you asked, on your mail preferences, to be emailed about new comments on your posts.',
    ...links,
  };
}

export interface HeldComment {
  authorName: string;
  text: string;
  createdAt: string;
  postTitle: string;
  /** The rule that held it, as moderators read it. */
  rule: string | null;
}

/** The moderator's digest: comments that wait for review, oldest first. */
export function heldDigestMail(site: SiteIdentity, held: HeldComment[], total: number, queueUrl: string, links: StaffLinks): MailContent {
  const n = total;
  return {
    subject: `${n} ${n === 1 ? 'comment waits' : 'comments wait'} for review on ${site.name}`,
    paragraphs: [
      `${n === 1 ? 'This comment was' : 'These comments were'} held for review on ${site.name}. Nothing of them is shown to readers until a moderator approves.`,
      ...moreText(held.length, total, 'in the moderation queue'),
    ],
    items: held.map((c) => ({
      heading: `${c.authorName} on “${c.postTitle}”, ${formatSiteTime(c.createdAt, site.time)}${c.rule ? ` (held because ${c.rule})` : ''}`,
      text: c.text,
      url: queueUrl,
    })),
    action: { label: 'Open the moderation queue', url: queueUrl },
    footer: 'You get this digest because you asked, on your mail preferences, for the comments held for review.',
    ...links,
  };
}

import { buildCommentTree, type TreeNode } from '../comment/comment-tree.js';
import type { PublicComment } from '../comment/comment.repository.js';
import type { PublicRemark } from '../remark/remark.repository.js';
import { avatarKeyForEmail } from '../shared/avatar.js';
import { formatAbsolute, formatDate, formatRelative } from '../shared/time.js';
import { STANCES, type Stance } from '../stance/stances.js';

/** How the comment form words each stance toward the subject. */
const STANCE_CHOICES: Record<Stance, string> = { pro: 'For', against: 'Against', neutral: 'Neither' };
import type { PostWithAuthor } from './post.repository.js';

export interface CommentFormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  message?: string;
}

export interface PostPageOptions {
  now: Date;
  secret: string;
  threadDepth: number;
  replyToId: number | null;
  form: CommentFormState;
}

type TreeComment = PublicComment & { authorName: string; parentId: number | null };

function commentInputs(comments: PublicComment[]): TreeComment[] {
  return comments.map((c) => ({ ...c, authorName: c.author_name, parentId: c.parent_id }));
}

function remarksByComment(remarks: PublicRemark[], now: Date) {
  const groups = new Map<number, { sourceGroup: string; sourceUrl: string | null; remarks: unknown[] }[]>();
  for (const r of remarks) {
    const list = groups.get(r.comment_id) ?? [];
    let group = list[list.length - 1];
    if (!group || group.sourceGroup !== r.source_group) {
      list.push((group = { sourceGroup: r.source_group, sourceUrl: r.source_url, remarks: [] }));
    }
    group.remarks.push({
      id: r.id,
      authorName: r.author_name,
      headline: r.headline,
      postedLabel: r.posted_label,
      postedAt: r.posted_at,
      postedDate: r.posted_at ? formatDate(r.posted_at) : null,
      postedRelative: r.posted_at ? formatRelative(r.posted_at, now) : null,
      bodyHtml: r.body_html,
    });
    groups.set(r.comment_id, list);
  }
  return groups;
}

/** Composes everything the post page prints: the post, the nested thread with remarks, the reply form. */
export function buildPostPage(
  post: PostWithAuthor,
  comments: PublicComment[],
  remarks: PublicRemark[],
  options: PostPageOptions,
) {
  const { now, secret } = options;
  const remarkGroups = remarksByComment(remarks, now);
  const byId = new Map(comments.map((c) => [c.id, c]));
  const postPath = `/posts/${encodeURIComponent(post.slug)}`;

  const toView = (node: TreeNode<TreeComment>): unknown => {
    const c = node.comment;
    return {
      id: c.id,
      level: node.level,
      authorName: c.author_name,
      authorUrl: c.author_url,
      avatarUrl: `/avatars/${avatarKeyForEmail(c.author_email, secret)}.svg`,
      createdAt: c.created_at,
      createdText: formatAbsolute(c.created_at),
      createdRelative: formatRelative(c.created_at, now),
      edited: c.edited_at !== null,
      bodyHtml: c.body_html,
      inReplyTo: node.inReplyTo && node.inReplyTo.authorName ? node.inReplyTo : null,
      replyHref: `${postPath}?replytocom=${c.id}#respond`,
      replyCount: node.replyCount,
      remarkGroups: remarkGroups.get(c.id) ?? [],
      children: node.children.map(toView),
    };
  };

  const replyTo = options.replyToId === null ? undefined : byId.get(options.replyToId);
  const responseCount = comments.length;
  const values = options.form.values;
  return {
    post: {
      id: post.id,
      slug: post.slug,
      title: post.title,
      bodyHtml: post.body_html,
      authorName: post.author_name,
      publishedAt: post.published_at,
      publishedText: post.published_at ? formatDate(post.published_at) : null,
      subjectName: post.subject_name,
      commentsOpen: post.comments_open === 1,
    },
    responseCount,
    responseWord: responseCount === 1 ? 'response' : 'responses',
    thread: buildCommentTree(commentInputs(comments), options.threadDepth).map(toView),
    form: {
      action: `${postPath}/comments#respond`,
      cancelHref: `${postPath}#respond`,
      replyTo: replyTo ? { id: replyTo.id, authorName: replyTo.author_name } : null,
      parentId: replyTo ? String(replyTo.id) : (values.parent_id ?? ''),
      values,
      errors: options.form.errors,
      hasErrors: Object.keys(options.form.errors).length > 0,
      message: options.form.message ?? null,
      stanceOptions: STANCES.map((s) => ({ value: s, label: STANCE_CHOICES[s], checked: values.stance === s })),
      stanceUnset: !values.stance,
    },
  };
}

export type PostPage = ReturnType<typeof buildPostPage>;

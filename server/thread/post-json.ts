import { buildCommentTree, type TreeNode } from '../comment/comment-tree.js';
import type { ThreadComment } from '../comment/comment.repository.js';
import type { PublicRemark } from '../remark/remark.repository.js';
import { avatarKeyForEmail } from '../shared/avatar.js';
import type { PostWithAuthor } from '../post/post.repository.js';
import { subjectOf } from '../post/post-subject.js';

type Node = TreeNode<ThreadComment & { authorName: string; parentId: number | null }>;

/** The machine-readable post: stable snake_case names, ISO dates, replies nested at their true depth. */
export function buildPostJson(post: PostWithAuthor, comments: ThreadComment[], remarks: PublicRemark[], secret: string) {
  const remarksOf = new Map<number, PublicRemark[]>();
  for (const r of remarks) remarksOf.set(r.comment_id, [...(remarksOf.get(r.comment_id) ?? []), r]);
  const toJson = (node: Node): unknown => {
    const c = node.comment;
    // A removed comment keeps its place for its replies and says nothing else.
    if (c.removed) return { id: c.id, parent_id: c.parent_id, depth: c.depth, removed: true, replies: node.children.map(toJson) };
    return {
      id: c.id,
      parent_id: c.parent_id,
      depth: c.depth,
      author: { name: c.author_name, url: c.author_url, avatar_url: `/avatars/${avatarKeyForEmail(c.author_email, secret)}.svg` },
      created_at: c.created_at,
      edited_at: c.edited_at,
      body_html: c.body_html,
      remarks: (remarksOf.get(c.id) ?? []).map((r) => ({
        id: r.id,
        source_group: r.source_group,
        source_url: r.source_url,
        author_name: r.author_name,
        headline: r.headline,
        posted_label: r.posted_label,
        posted_at: r.posted_at,
        body_html: r.body_html,
        position: r.position,
        edited_at: r.edited_at,
      })),
      replies: node.children.map(toJson),
    };
  };
  const tree = buildCommentTree(
    comments.map((c) => ({ ...c, authorName: c.author_name, parentId: c.parent_id })),
    Number.POSITIVE_INFINITY,
  );
  return {
    post: {
      id: post.id,
      slug: post.slug,
      title: post.title,
      author: post.author_name,
      published_at: post.published_at,
      subject: subjectOf(post),
      author_stance: post.author_stance,
      comments_open: post.comments_open === 1,
      body_html: post.body_html,
    },
    response_count: comments.filter((c) => !c.removed).length,
    remark_count: remarks.length,
    comments: tree.map(toJson),
  };
}

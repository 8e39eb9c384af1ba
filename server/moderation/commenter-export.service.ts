// One commenter's comments as a JSON file, for staff answering "send me what I wrote" until readers can fetch
// their own by a signed link: every comment from the address, any status, with its post and its current label.
// Each export is in the audit log (who, whose address, how many).
import { insertAuditEntries } from '../audit/audit.repository.js';
import type { Db } from '../db/database.js';
import { listCommentsByAuthorEmail } from '../comment/comment.repository.js';
import { currentRowsByComment } from '../stance/label-precedence.js';
import { listContextLabels, type ContextLabel } from '../stance/stance.repository.js';

/** Comment ids per label query: far below both engines' limits on bound parameters. */
const IDS_PER_QUERY = 500;

export const COMMENTER_EXPORT_FORMAT = 'rejoinder-commenter-export';

type ExportedRow = Awaited<ReturnType<typeof listCommentsByAuthorEmail>>[number];

/** The file's content: the documented shape, comments oldest first. Pure. */
export function buildCommenterExport(
  email: string,
  rows: readonly ExportedRow[],
  labels: ReadonlyMap<number, { label: string; source: string }>,
  exportedAt: string,
) {
  return {
    format: COMMENTER_EXPORT_FORMAT,
    version: 1,
    exported_at: exportedAt,
    email,
    comments: rows.map((r) => ({
      id: r.id,
      post: { id: r.post_id, slug: r.post_slug, title: r.post_title },
      permalink: `/posts/${r.post_slug}/comments/${r.id}`,
      parent_id: r.parent_id,
      author_name: r.author_name,
      author_email: r.author_email,
      author_url: r.author_url,
      // What they typed, as typed: plain text, never HTML.
      body: r.body_raw,
      status: r.status,
      self_stance: r.self_stance,
      stance: labels.get(r.id) ?? null,
      created_at: r.created_at,
      edited_at: r.edited_at,
      deleted_at: r.deleted_at,
    })),
  };
}

/** Reads one address's comments and logs the export; returns the file's content, or null when the address wrote none. */
export async function exportCommenterComments(db: Db, actorId: number, email: string, now: Date) {
  const rows = await listCommentsByAuthorEmail(db, email);
  if (rows.length === 0) return null;
  const history: ContextLabel[] = [];
  for (let i = 0; i < rows.length; i += IDS_PER_QUERY)
    history.push(
      ...(await listContextLabels(
        db,
        rows.slice(i, i + IDS_PER_QUERY).map((r) => r.id),
      )),
    );
  const current = currentRowsByComment(history);
  const labels = new Map([...current].map(([id, l]) => [id, { label: l.label, source: l.source }]));
  const exportedAt = now.toISOString();
  await insertAuditEntries(db, [
    {
      userId: actorId,
      action: 'commenter.export',
      targetType: 'commenter',
      targetId: null,
      before: undefined,
      after: { email, comments: rows.length },
      createdAt: exportedAt,
    },
  ]);
  return buildCommenterExport(email, rows, labels, exportedAt);
}

/** The download's file name: the address with anything a header or a file system would trip on replaced. Pure. */
export function commenterExportFileName(email: string): string {
  return `comments-${email.toLowerCase().replace(/[^a-z0-9@._-]+/g, '-')}.json`;
}

// The group remarks a Rejoinder WXR export carries on a comment (comment meta rejoinder_remarks, written by
// server/export/wxr-writer.ts), read back as the remark rows the paste form would have stored. Pure.
import { z } from 'zod';
import { remarkRowSchema, SOURCE_GROUP_MAX_CHARS, SOURCE_URL_MAX_CHARS, type RemarkRow } from '../remark/remark-forms.js';
import { plainLine } from './import-text.js';

/** One remark as the export wrote it; anything else in the object is ignored. */
const exportedRemark = z.object({
  source_group: z.string(),
  source_url: z.string().nullable().optional(),
  author_name: z.string(),
  headline: z.string().nullable().optional(),
  posted_at: z.string().nullable().optional(),
  body: z.string(),
});

export interface ImportedRemark extends RemarkRow {
  sourceGroup: string;
  sourceUrl: string | null;
}

/** The remarks in a rejoinder_remarks meta value, in order; a value that is not such a list, or a remark the form would refuse, is left out. */
export function remarksFromMeta(value: string | undefined): ImportedRemark[] {
  if (value === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const remarks: ImportedRemark[] = [];
  for (const item of parsed) {
    const exported = exportedRemark.safeParse(item);
    if (!exported.success) continue;
    const r = exported.data;
    const row = remarkRowSchema.safeParse({
      authorName: r.author_name,
      headline: r.headline ?? null,
      postedLabel: null,
      postedAt: r.posted_at ?? null,
      body: r.body,
    });
    const sourceGroup = plainLine(r.source_group).slice(0, SOURCE_GROUP_MAX_CHARS);
    if (!row.success || sourceGroup === '') continue;
    const url = r.source_url ?? '';
    remarks.push({ ...row.data, sourceGroup, sourceUrl: /^https?:\/\//i.test(url) && url.length <= SOURCE_URL_MAX_CHARS ? url : null });
  }
  return remarks;
}

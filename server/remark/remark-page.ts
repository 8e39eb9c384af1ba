import type { GroupRemark } from '../db/schema.js';
import type { TimeFormat } from '../shared/time.js';
import { ROW_FIELD_NAMES, type RowFields } from './remark-rows.js';

export interface RemarkPageInput {
  time: TimeFormat;
  base: string;
  heading: string;
  postTitle: string;
  postHref: string;
  carrier: { authorName: string; bodyHtml: string } | null;
  isPostTarget: boolean;
  existing: GroupRemark[];
  paste: { values: Record<string, string>; errors: Record<string, string> };
  preview: { rows: RowFields[]; rowErrors: Record<string, string>[]; warnings: string[] } | null;
  one: { values: Record<string, string>; errors: Record<string, string> };
}

/** Composes the staff page for adding, previewing, editing and deleting a comment's group remarks. Pure. */
export function buildRemarkPage(input: RemarkPageInput) {
  return {
    title: input.heading,
    heading: input.heading,
    postTitle: input.postTitle,
    postHref: input.postHref,
    carrier: input.carrier,
    isPostTarget: input.isPostTarget,
    actions: { preview: `${input.base}/preview`, save: input.base, one: `${input.base}/one` },
    existing: input.existing.map((r) => ({
      id: r.id,
      authorName: r.author_name,
      headline: r.headline,
      sourceGroup: r.source_group,
      postedLabel: r.posted_label,
      postedDate: r.posted_at ? input.time.date(r.posted_at) : null,
      bodyHtml: r.body_html,
      editHref: `/staff/remarks/${r.id}/edit`,
      deleteAction: `/staff/remarks/${r.id}/delete`,
    })),
    hasExisting: input.existing.length > 0,
    paste: { ...input.paste, hasErrors: Object.keys(input.paste.errors).length > 0 },
    one: { ...input.one, hasErrors: Object.keys(input.one.errors).length > 0 },
    preview: input.preview && {
      rowCount: input.preview.rows.length,
      warnings: input.preview.warnings,
      hasRowErrors: input.preview.rowErrors.some((e) => Object.keys(e).length > 0),
      rows: input.preview.rows.map((row, i) => ({
        index: i,
        number: i + 1,
        flags: row.flags,
        errors: input.preview!.rowErrors[i] ?? {},
        keep: row.keep,
        canMerge: i > 0,
        fields: Object.fromEntries(ROW_FIELD_NAMES.map((name) => [name, { name: `r${i}_${name}`, id: `r${i}-${name}`, value: row[name] }])),
      })),
    },
  };
}

// An audit entry's before and after as a person reads them: one line per field that changed. Pure.

export interface DiffRow {
  field: string;
  before: string | null;
  after: string | null;
}

function parse(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

/** A value as text: strings as they are, yes/no for booleans, anything else as compact JSON; null when absent. */
function show(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The fields an entry changed, in the order they first appear: a field only before was removed, one
 * only after was added, one on both sides with the same value is left out. Pure.
 */
export function diffAudit(beforeJson: string | null, afterJson: string | null): DiffRow[] {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  if (!isRecord(before) && !isRecord(after)) {
    return show(before) === show(after) ? [] : [{ field: '', before: show(before), after: show(after) }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const rows: DiffRow[] = [];
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const was = show(b[field]);
    const now = show(a[field]);
    if (was !== now) rows.push({ field, before: was, after: now });
  }
  return rows;
}

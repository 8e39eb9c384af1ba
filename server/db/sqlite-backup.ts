import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

/** sqlite3_backup_step's "every page": the copy is then one step, in one read transaction, so one moment's state. */
const ALL_PAGES = 0x7fffffff;

export interface BackupResult {
  pages: number;
  bytes: number;
  /** PRAGMA integrity_check on the copy: 'ok', or SQLite's first complaints. */
  integrity: string;
}

/**
 * Copies a live SQLite database to `target` with SQLite's online backup API, on a connection of its own, while
 * the server keeps writing: in WAL mode the copy reads a snapshot and writers are never blocked. A write that
 * lands between two steps would restart the copy, so it runs as one step. Then the copy is checked.
 */
export async function backupSqlite(source: string, target: string): Promise<BackupResult> {
  if (fs.existsSync(target)) throw new Error(`${target} exists already; choose a new file name (a backup never overwrites).`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    const { totalPages } = await db.backup(target, { progress: () => ALL_PAGES });
    const copy = new SQLite(target, { readonly: true });
    try {
      const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
      return { pages: totalPages, bytes: fs.statSync(target).size, integrity: rows.map((r) => r.integrity_check).join('; ') };
    } finally {
      copy.close();
    }
  } finally {
    db.close();
  }
}

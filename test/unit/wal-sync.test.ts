import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WalSync } from '../../server/db/wal-sync.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rj-wal-'));
afterEach(() => fs.rmSync(path.join(dir, 'x.db-wal'), { force: true }));

describe('WalSync', () => {
  it('syncs the log, again and again on one descriptor', async () => {
    const file = path.join(dir, 'x.db-wal');
    fs.writeFileSync(file, 'first');
    const wal = new WalSync(file);
    await expect(wal.sync()).resolves.toBeUndefined();
    fs.appendFileSync(file, 'more');
    await expect(wal.sync()).resolves.toBeUndefined();
    await wal.close();
  });

  it('fails when there is no log to sync', async () => {
    await expect(new WalSync(path.join(dir, 'missing.db-wal')).sync()).rejects.toThrow();
  });
});

import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * The post page prints a post's approved pingbacks and trackbacks under it ("Linked from"), so a change to
 * linkbacks bumps posts.thread_version as comments do: a cached page picks up what an import added or a
 * status change took away, whichever process wrote it.
 */

const SQLITE_TRIGGERS = [
  `CREATE TRIGGER linkbacks_bump_thread_ins AFTER INSERT ON linkbacks BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id = NEW.post_id; END`,
  `CREATE TRIGGER linkbacks_bump_thread_upd AFTER UPDATE ON linkbacks BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id IN (OLD.post_id, NEW.post_id); END`,
  `CREATE TRIGGER linkbacks_bump_thread_del AFTER DELETE ON linkbacks BEGIN
     UPDATE posts SET thread_version = thread_version + 1 WHERE id = OLD.post_id; END`,
];
const SQLITE_TRIGGER_NAMES = SQLITE_TRIGGERS.map((t) => /CREATE TRIGGER (\w+)/.exec(t)![1]!);

const POSTGRES_BODY = `IF TG_OP <> 'INSERT' THEN UPDATE posts SET thread_version = thread_version + 1 WHERE id = OLD.post_id; END IF;
  IF TG_OP <> 'DELETE' THEN UPDATE posts SET thread_version = thread_version + 1 WHERE id = NEW.post_id; END IF;`;

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    for (const trigger of SQLITE_TRIGGERS) await sql.raw(trigger).execute(db);
    return;
  }
  await sql.raw(`CREATE FUNCTION linkbacks_bump_thread() RETURNS trigger AS $$ BEGIN ${POSTGRES_BODY} RETURN NULL; END $$ LANGUAGE plpgsql`).execute(db);
  await sql
    .raw(`CREATE TRIGGER linkbacks_bump_thread AFTER INSERT OR UPDATE OR DELETE ON linkbacks FOR EACH ROW EXECUTE FUNCTION linkbacks_bump_thread()`)
    .execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(`DROP TRIGGER linkbacks_bump_thread ON linkbacks`).execute(db);
    await sql.raw(`DROP FUNCTION linkbacks_bump_thread()`).execute(db);
  } else {
    for (const name of SQLITE_TRIGGER_NAMES) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  }
}

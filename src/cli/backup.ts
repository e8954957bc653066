import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Config } from '../config.js';

/**
 * `scrip backup FILE` / `scrip restore FILE` for the embedded SQLite database. A backup uses
 * SQLite's online backup API: it copies a consistent snapshot page by page while the server
 * keeps serving (writers are never blocked for long). PostgreSQL is backed up with pg_dump and
 * restored with pg_restore (docs/OPERATIONS.md).
 */

export const SQLITE_FILE = 'scrip.sqlite';

export function sqlitePath(config: Config): string {
  return join(config.dataDir, SQLITE_FILE);
}

export class BackupError extends Error {
  override name = 'BackupError';
}

function refuseOnPostgres(config: Config, what: 'backup' | 'restore'): void {
  if (!config.databaseUrl) return;
  const tool = what === 'backup' ? 'pg_dump --format=custom --file=scrip.dump "$DATABASE_URL"' : 'pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" scrip.dump';
  throw new BackupError(`scrip ${what} is for the embedded SQLite database; on PostgreSQL use: ${tool} (see docs/OPERATIONS.md)`);
}

/** Copies the live database to target (which must not exist yet); returns the pages copied. */
export async function backupDatabase(databaseFile: string, target: string): Promise<number> {
  if (!existsSync(databaseFile)) throw new BackupError(`no database at ${databaseFile}`);
  if (existsSync(target)) throw new BackupError(`${target} exists; choose a new file name`);
  const source = new BetterSqlite3(databaseFile, { fileMustExist: true });
  try {
    source.pragma('busy_timeout = 10000');
    const result = await source.backup(target);
    return result.totalPages;
  } finally {
    source.close();
  }
}

/** Checks a backup is a whole Scrip database before anything is replaced. */
function checkBackup(file: string): void {
  if (!existsSync(file)) throw new BackupError(`no backup at ${file}`);
  let backup: BetterSqlite3.Database | undefined;
  try {
    backup = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    const integrity = backup.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`${file} is damaged: ${String(integrity)}`);
    const ledger = backup.prepare("select count(*) as n from kysely_migration where name = '001-ledger'").get() as { n: number };
    if (ledger.n !== 1) throw new BackupError(`${file} is not a Scrip database`);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${file} is not a Scrip SQLite database (${error instanceof Error ? error.message : String(error)})`);
  } finally {
    backup?.close();
  }
}

/**
 * Replaces the database with a backup. The server must be stopped first: a running server
 * would keep writing to the database it had open.
 */
export async function restoreDatabase(backupFile: string, databaseFile: string): Promise<number> {
  checkBackup(backupFile);
  const backup = new BetterSqlite3(backupFile, { readonly: true, fileMustExist: true });
  let pages: number;
  try {
    // The backup API writes through a SQLite connection to the target, so its WAL stays coherent.
    pages = (await backup.backup(databaseFile)).totalPages;
  } finally {
    backup.close();
  }
  const restored = new BetterSqlite3(databaseFile);
  try {
    restored.pragma('journal_mode = WAL');
    restored.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    restored.close();
  }
  return pages;
}

export async function backupFromCli(config: Config, target: string): Promise<string> {
  refuseOnPostgres(config, 'backup');
  const pages = await backupDatabase(sqlitePath(config), target);
  return `backup ok: ${pages} pages of ${sqlitePath(config)} copied to ${target}`;
}

export async function restoreFromCli(config: Config, backupFile: string): Promise<string> {
  refuseOnPostgres(config, 'restore');
  const pages = await restoreDatabase(backupFile, sqlitePath(config));
  for (const leftover of [`${backupFile}-wal`, `${backupFile}-shm`]) if (existsSync(leftover)) rmSync(leftover);
  return `restore ok: ${pages} pages from ${backupFile} into ${sqlitePath(config)}; run \`scrip verify\` before starting the server`;
}

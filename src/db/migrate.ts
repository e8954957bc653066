import { type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Db } from './database.js';
import { migrationProvider } from './migrations/index.js';

export interface MigrateOutcome {
  applied: string[];
}

/** Brings the schema up to date. Safe to run from several processes at once (Kysely locks). */
export async function migrateToLatest(db: Db): Promise<MigrateOutcome> {
  return migrate(db, (migrator) => migrator.migrateToLatest());
}

/** Applies the migrations up to and including `name` (for tests of a migration). */
export async function migrateUpTo(db: Db, name: string): Promise<MigrateOutcome> {
  return migrate(db, (migrator) => migrator.migrateTo(name));
}

async function migrate(db: Db, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<MigrateOutcome> {
  // Kysely looks for its bookkeeping tables in every schema unless told which one is ours.
  const schema =
    db.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db.q)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db: db.q,
    provider: migrationProvider(db.dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await run(migrator);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

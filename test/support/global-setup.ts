import pg from 'pg';

/**
 * Runs once before all tests: PostgreSQL must be reachable in CI (elsewhere its absence is
 * loud), and schemas left by test runs that died are dropped: those whose process is gone and
 * that are over an hour old (another run on this machine may see other process ids).
 */
export default async function setup(): Promise<void> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    if (process.env.CI) {
      throw new Error('TEST_DATABASE_URL must be set in CI: the PostgreSQL half of the suite cannot be skipped there');
    }
    console.warn(
      '\n\u001b[33m⚠ TEST_DATABASE_URL is not set: every PostgreSQL test is SKIPPED. ' +
        'Set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them.\u001b[0m\n',
    );
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ nspname: string }>("select nspname from pg_namespace where nspname like 'scrip_test_%'");
    for (const { nspname } of rows) {
      if (isAbandoned(nspname)) await client.query(`drop schema if exists ${nspname} cascade`);
    }
  } finally {
    await client.end();
  }
}

const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/** Test schemas are named scrip_test_{pid}_[shared_]{base-36 creation time}_{n}. */
function isAbandoned(schema: string): boolean {
  const parts = schema.split('_');
  const pid = Number(parts[2]);
  const createdAt = Number.parseInt((parts[3] === 'shared' ? parts[4] : parts[3]) ?? '', 36);
  if (!Number.isInteger(pid) || processExists(pid)) return false;
  return !Number.isFinite(createdAt) || Date.now() - createdAt > ABANDONED_AFTER_MS;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs once before all tests: PostgreSQL must be reachable in CI; elsewhere its absence is loud. */
export default function setup(): void {
  if (process.env.TEST_DATABASE_URL) return;
  if (process.env.CI) {
    throw new Error('TEST_DATABASE_URL must be set in CI: the PostgreSQL half of the suite cannot be skipped there');
  }
  console.warn(
    '\n\u001b[33m⚠ TEST_DATABASE_URL is not set: every PostgreSQL test is SKIPPED. ' +
      'Set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them.\u001b[0m\n',
  );
}

import { existsSync } from 'node:fs';

/**
 * Where Debian's chromium is (CHROMIUM_PATH overrides). Browser tests need it: locally they are
 * skipped with a warning when it is missing; in CI (CI=true) its absence fails the run, and
 * .ci/run installs it.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((path): path is string => typeof path === 'string' && path !== '' && existsSync(path)) ?? null;
}

export function browserTestsRun(): boolean {
  return chromiumPath() !== null || Boolean(process.env.CI);
}

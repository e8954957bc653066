/** Types for web/build.mjs, so TypeScript callers (the browser tests' setup) can use it. */
export function fingerprint(): string;
export function isUpToDate(print?: string): boolean;
export function buildWeb(options?: { ifStale?: boolean; quiet?: boolean }): Promise<'up-to-date' | 'skipped' | 'built'>;

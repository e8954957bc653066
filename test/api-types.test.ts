import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.js';

it('the web apps\u2019 API types are generated from the current route schemas (npm run api-types)', async () => {
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  const generated = await generateApiTypes();
  // Compared as a whole; on a difference, `npm run api-types` rewrites the file.
  expect(generated === committed, 'web/src/shared/api-schema.ts is stale: run `npm run api-types`').toBe(true);
});

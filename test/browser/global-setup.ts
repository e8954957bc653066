import { buildWeb } from '../../web/build.mjs';
import { browserTestsRun, chromiumPath } from './chromium.js';

/**
 * Before any test: when browser tests will run, make sure web/dist matches web/src (a no-op
 * when it does), so they always drive the current console and storefront.
 */
export default async function setup(): Promise<void> {
  if (!browserTestsRun()) {
    console.warn(
      '\n\u001b[33m⚠ chromium is not installed: every browser test (test/browser) is SKIPPED. ' +
        'Install it with `apt-get install -y chromium` or set CHROMIUM_PATH.\u001b[0m\n',
    );
    return;
  }
  if (!chromiumPath()) throw new Error('CI=true but chromium is not installed: .ci/run installs it; browser tests cannot be skipped in CI');
  await buildWeb({ ifStale: true, quiet: true });
}

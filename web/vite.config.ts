import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * One config, two apps: the Vite mode names the app (`console` or `shop`). Each is built on its
 * own into web/dist/<app> with its own base path, so the API process serves /console and /shop
 * as two self-contained directories (see web/build.mjs and src/http/web.ts).
 */

const webDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(({ mode }) => {
  const app = mode === 'shop' ? 'shop' : 'console';
  return {
    root: `${webDir}${app}`,
    base: `/${app}/`,
    plugins: [react()],
    build: {
      outDir: `${webDir}dist/${app}`,
      emptyOutDir: true,
      // Keep file names short and hashed; index.html is served with no-cache, assets immutable.
      assetsDir: 'assets',
      sourcemap: false,
      chunkSizeWarningLimit: 400,
    },
    server: {
      // `npm run dev:console` / `dev:shop` proxy the API started by `npm start` on port 3000.
      proxy: { '/v1': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000', '/ready': 'http://127.0.0.1:3000' },
      fs: { allow: [webDir] },
    },
  };
});

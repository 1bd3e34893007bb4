import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Builds the web app (web/) into web/dist; `npm run build:web`. Dev: `vite --config web/vite.config.ts`. */
export default defineConfig({
  root,
  base: '/',
  publicDir: path.join(root, 'public'),
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: path.join(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      onwarn(warning, warn) {
        // antd marks its modules "use client" (React Server Components); meaningless in a browser bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/collect': 'http://127.0.0.1:8080' } },
});

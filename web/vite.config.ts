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
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (id.includes('echarts') || id.includes('zrender')) return 'echarts';
          if (id.includes('exceljs')) return 'exceljs';
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          return 'antd';
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/collect': 'http://127.0.0.1:8080' } },
});

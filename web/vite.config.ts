// Builds the agent desk into dist/: index.html plus content-hashed files under
// dist/assets/, which `shopdesk serve` sends with year-long cache headers.
import { defineConfig } from 'vite';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    sourcemap: false,
    // One small entry; pages a seller opens less often (reports, settings) are
    // split out and loaded when first visited.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', ws: true } },
  },
});

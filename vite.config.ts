// Vite builds the web app (src/web) into dist/web, which the server serves as static files.
// In development `npx vite` serves the app and proxies the API to the server on port 3000.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import { precompressWeb } from './src/server/web-assets.js';

const root = resolve(import.meta.dirname, 'src/web');

const toServer: ProxyOptions = {
  target: 'http://localhost:3000',
  // The app's own modules live in src/web/api/ too (/api/client.ts…): Vite serves those, the rest is the API.
  bypass: (req) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    return existsSync(resolve(root, `.${path}`)) ? req.url : undefined;
  },
};
const proxy = { '/api': toServer, '/healthz': { target: toServer.target } };

/**
 * antd's components styled by its prebuilt stylesheet (antd/dist/antd.css), not by CSS-in-JS at run time: with
 * `zeroRuntime` (src/web/main.tsx) a page no longer computes and inserts the styles of each component the first time
 * it meets it, which was the largest part of a list page's first paint (issue 15: ~130 ms of JavaScript and as much
 * style work for the supervised list's first rows). The file is linked from the page's head, before the app's own
 * stylesheet, and copied as it is: run through the build's CSS lowering for the old browsers below it grew from 1 MB
 * to 2.2 MB, for rules the run-time styles never lowered either.
 */
function antdStylesheet(): Plugin {
  const file = createRequire(import.meta.url).resolve('antd/dist/antd.css');
  let href = '';
  return {
    name: 'duban-antd-stylesheet',
    configureServer() {
      // ?direct: Vite's dev server answers the stylesheet itself, not a module that would insert it.
      href = `/@fs${file}?direct`;
    },
    generateBundle() {
      const source = readFileSync(file);
      const fileName = `assets/antd-${createHash('sha256').update(source).digest('hex').slice(0, 8)}.css`;
      this.emitFile({ type: 'asset', fileName, source });
      href = `/${fileName}`;
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [{ tag: 'link', attrs: { rel: 'stylesheet', href }, injectTo: 'head' }],
    },
  };
}

/** Each built text file also as .br and .gz, served as they are (src/server/web-assets.ts). */
function precompressed(): Plugin {
  let outDir = '';
  return {
    name: 'duban-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      precompressWeb(outDir);
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [react(), antdStylesheet(), precompressed()],
  build: {
    // Offices run domestic browsers on older Chromium cores (360 安全浏览器, 奇安信可信浏览器: Chromium 86 and later):
    // the bundle's syntax is lowered to what they parse, and CI checks it with es-check (.ci/run).
    target: ['chrome86', 'edge88', 'firefox78', 'safari14'],
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // React, the router and the query client are on every screen and change rarely: one chunk
          // that browsers keep across releases. antd stays with the automatic split, so pages that
          // need Table, Tree or Upload load those parts only when opened.
          groups: [
            {
              name: 'vendor-react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser|@tanstack)[\\/]/,
            },
            {
              // The icons the app uses, a few hundred bytes each: split automatically they were a third of a
              // page's chunks (the package page asked for 12 of its 26), and over HTTP/1.1 a browser fetches 6 at
              // a time. One chunk of all of them (22 KB compressed) is fetched with the first screen and kept.
              name: 'icons',
              test: /node_modules[\\/]@ant-design[\\/]icons(-svg)?[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});

// Bundles the extension and the CLI with esbuild. Both are CommonJS bundles because VS Code
// loads extensions with require(); the CLI follows so one Node runtime runs either.
import { build } from 'esbuild';

import { proxyBuildOptions } from './proxy-build.mjs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  // jsonc-parser's "main" is a UMD build whose dynamic require()s a bundler cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

await Promise.all([
  build({ ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.cjs', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.cjs', banner: { js: '#!/usr/bin/env node' } }),
  // The proxy clients start for every protected server: its own small bundle, node18 so it also
  // runs on an old `node` a client finds on PATH, minified always since start-up time matters.
  build({ ...proxyBuildOptions, sourcemap: production ? false : 'linked' }),
  // The Inspector's page: browser code, one self-contained script the webview loads under its CSP.
  build({ ...common, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'iife', target: 'chrome120', mainFields: ['browser', 'module', 'main'] }),
]);

// esbuild options of dist/warden-proxy.cjs, shared by the build and by the proxy's integration
// tests and benchmarks (which bundle the same way into a temporary directory).
export const proxyBuildOptions = {
  entryPoints: ['src/proxy/main.ts'],
  outfile: 'dist/warden-proxy.cjs',
  bundle: true,
  platform: 'node',
  // jsonc-parser's default entry is a UMD build that esbuild cannot follow; its ESM build bundles.
  mainFields: ['module', 'main'],
  target: 'node18',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  banner: { js: '#!/usr/bin/env node' },
};

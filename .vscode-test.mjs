// Configuration for @vscode/test-cli (`npx @vscode/test-cli` / the Extension Test Runner), for
// contributors whose machines can download VS Code. It is NOT how this project's own test
// command runs: `npm test` runs the same suites offline in the VS Code build of the code-server
// npm package (test/vscode/extension-host.test.ts, scripts/vscode-host/). Neither
// @vscode/test-cli nor @vscode/test-electron is a dependency; install them yourself:
//
//   npm install --no-save @vscode/test-cli @vscode/test-electron
//   npm run package && node --import tsx scripts/vscode-host/suites.ts   # builds the bundle below
//   npx vscode-test
//
// The bundle registers its tests with Mocha's TDD globals when they exist (see
// test/vscode/suite/framework.ts), so the same *.suite.ts files run under either runner.
// The workspace below is used in place (the offline harness uses a temp copy): suites that edit
// it restore it when they finish.
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'extension-host',
  files: 'test-results/vscode/suite/index.cjs',
  version: '1.139.1',
  workspaceFolder: './test/fixtures/vscode-workspace',
  extensionDevelopmentPath: '.',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'tdd', timeout: 60_000 },
});

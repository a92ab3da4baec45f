import { dollarBrace, simpleAdapter } from './simple.js';
import { join } from './paths.js';

/** Gemini CLI: ~/.gemini/settings.json and <folder>/.gemini/settings.json. `httpUrl` is streamable
 * HTTP, `url` is SSE unless `type` says http. Values expand `$VAR` / `${VAR}`. */
export const geminiCliAdapter = simpleAdapter({
  id: 'gemini-cli',
  displayName: 'Gemini CLI',
  rootKeys: ['mcpServers'],
  spec: { urls: [{ key: 'httpUrl', transport: 'http' }, { key: 'url', transport: 'sse' }] },
  user: (host) => [{ path: join(host, host.homedir, '.gemini', 'settings.json') }],
  workspace: ['.gemini', 'settings.json'],
  envReference: dollarBrace,
});

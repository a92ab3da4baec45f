import type { ConfigLocation } from '../model.js';
import type { ClientAdapter, LocationContext } from './adapter.js';
import { mapParser } from './extract.js';
import { envPath, join, location } from './paths.js';

/** OpenAI Codex: `[mcp_servers.<name>]` tables in $CODEX_HOME/config.toml (default ~/.codex) and in
 * a project's .codex/config.toml. A `url` is streamable HTTP; `enabled = false` turns a server off. */
export const codexAdapter: ClientAdapter = {
  id: 'codex',
  displayName: 'Codex',
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    const { host } = context;
    const home = envPath(host, 'CODEX_HOME') ?? join(host, host.homedir, '.codex');
    const result = [location('codex', 'user', join(host, home, 'config.toml'), 'toml')];
    for (const folder of context.folders) {
      result.push(location('codex', 'workspace', join(host, folder, '.codex', 'config.toml'), 'toml', { folder }));
    }
    return result;
  },
  parse: mapParser(['mcp_servers'], { headers: 'http_headers', disabled: { key: 'enabled', disabledWhen: false } }),
  disableKey: { key: 'enabled', value: false },
};

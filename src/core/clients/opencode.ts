import type { ConfigLocation } from '../model.js';
import type { ClientAdapter, LocationContext } from './adapter.js';
import { mapParser } from './extract.js';
import { envPath, join, location, xdgConfigHome } from './paths.js';

/** opencode: `mcp` in ~/.config/opencode/opencode.json(c) (XDG on every platform), $OPENCODE_CONFIG,
 * and <folder>/opencode.json(c). Local entries hold the whole command line in a `command` list. */
export const opencodeAdapter: ClientAdapter = {
  id: 'opencode',
  displayName: 'opencode',
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    const { host } = context;
    const dir = join(host, xdgConfigHome(host), 'opencode');
    const result = [
      location('opencode', 'user', join(host, dir, 'opencode.json'), 'jsonc'),
      location('opencode', 'user', join(host, dir, 'opencode.jsonc'), 'jsonc'),
    ];
    const custom = envPath(host, 'OPENCODE_CONFIG');
    if (custom) result.push(location('opencode', 'user', custom, 'jsonc', { label: 'OPENCODE_CONFIG' }));
    for (const folder of context.folders) {
      result.push(location('opencode', 'workspace', join(host, folder, 'opencode.json'), 'jsonc', { folder }));
      result.push(location('opencode', 'workspace', join(host, folder, 'opencode.jsonc'), 'jsonc', { folder }));
    }
    return result;
  },
  parse: mapParser(['mcp'], { commandArray: true, env: 'environment', disabled: { key: 'enabled', disabledWhen: false } }),
  envReference: (variable) => `{env:${variable}}`,
  disableKey: { key: 'enabled', value: false },
  launchShape: { command: 'command', args: 'args', commandArray: true },
};

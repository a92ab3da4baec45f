import { member } from '../formats/source-node.js';
import type { ConfigLocation, HostInfo } from '../model.js';
import type { ClientAdapter, LocationContext } from './adapter.js';
import { mapParser } from './extract.js';
import { appData, join, location, xdgConfigHome } from './paths.js';

export function zedSettingsFile(host: HostInfo): string {
  if (host.platform === 'win32') return join(host, appData(host), 'Zed', 'settings.json');
  return join(host, xdgConfigHome(host), 'zed', 'settings.json');
}

/** Zed: `context_servers` in settings.json (JSONC) and <folder>/.zed/settings.json. An entry is
 * `{command: {path, args, env}}` (older), `{command, args, env}` or `{url, headers}`. Servers an
 * extension provides (`source: "extension"`, no command) carry only settings and are not listed. */
export const zedAdapter: ClientAdapter = {
  id: 'zed',
  displayName: 'Zed',
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    const { host } = context;
    const result = [location('zed', 'user', zedSettingsFile(host), 'jsonc')];
    for (const folder of context.folders) {
      result.push(location('zed', 'workspace', join(host, folder, '.zed', 'settings.json'), 'jsonc', { folder }));
    }
    return result;
  },
  parse: mapParser(['context_servers'], {
    commandObject: true,
    disabled: { key: 'enabled', disabledWhen: false },
    skip: (entry) => {
      const source = member(entry, 'source');
      return source?.kind === 'string' && source.value === 'extension' && member(entry, 'command') === undefined && member(entry, 'url') === undefined;
    },
  }),
  disableKey: { key: 'enabled', value: false },
  launchShape: { command: 'command', args: 'args', commandObject: true },
};

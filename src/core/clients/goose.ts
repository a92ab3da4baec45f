import type { ConfigLocation, HostInfo } from '../model.js';
import type { ClientAdapter, LocationContext } from './adapter.js';
import { mapParser } from './extract.js';
import { appData, join, location, xdgConfigHome } from './paths.js';

export function gooseConfigFile(host: HostInfo): string {
  if (host.platform === 'win32') return join(host, appData(host), 'Block', 'goose', 'config', 'config.yaml');
  return join(host, xdgConfigHome(host), 'goose', 'config.yaml');
}

/** goose: the `extensions:` map of config.yaml. Built-in, platform and frontend extensions ship with
 * goose and are not servers the user configured, so they are not listed. */
export const gooseAdapter: ClientAdapter = {
  id: 'goose',
  displayName: 'goose',
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    return [location('goose', 'user', gooseConfigFile(context.host), 'yaml')];
  },
  parse: mapParser(['extensions'], {
    command: 'cmd',
    env: 'envs',
    urls: [{ key: 'uri' }],
    types: { builtin: null, platform: null, frontend: null, inline_python: null, streamable_http: 'http', sse: 'sse', stdio: 'stdio' },
    disabled: { key: 'enabled', disabledWhen: false },
  }),
  disableKey: { key: 'enabled', value: false },
  launchShape: { command: 'cmd', args: 'args' },
};

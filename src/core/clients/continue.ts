// Continue: YAML config with a LIST of servers, the older JSON config, and per-workspace blocks in
// .continue/mcpServers/ (YAML blocks, or JSON files copied from other clients' `mcpServers` maps).
import { member } from '../formats/source-node.js';
import type { FileSystem } from '../fs/file-system.js';
import type { ConfigLocation, HostInfo } from '../model.js';
import type { ClientAdapter, LocationContext, ParseOutcome } from './adapter.js';
import { extractList, extractMap, lookup, parseWith, type EntrySpec } from './extract.js';
import { basename, envPath, join, location } from './paths.js';

const YAML_SPEC: EntrySpec = {
  // `- uses: owner/block` pulls a server definition from Continue Hub; it is not in this file.
  skip: (entry) => {
    const uses = member(entry, 'uses');
    return uses?.kind === 'string' && member(entry, 'command') === undefined && member(entry, 'url') === undefined
      ? `refers to the Continue Hub block "${uses.value}", whose definition is not in this file, so it is not listed`
      : false;
  },
};
const JSON_SPEC: EntrySpec = { body: 'transport' };

export function continueHome(host: HostInfo): string {
  return envPath(host, 'CONTINUE_GLOBAL_DIR') ?? join(host, host.homedir, '.continue');
}

async function listDir(fs: FileSystem, path: string): Promise<string[]> {
  try {
    return await fs.readdir(path);
  } catch {
    return []; // no such folder: this workspace has no per-workspace Continue servers
  }
}

function parseContinue(text: string, config: ConfigLocation): ParseOutcome {
  const name = basename(undefined, config.path);
  return parseWith(text, config, (context, root) => {
    if (name === 'config.json' && config.scope === 'user') {
      const found = lookup(root, ['experimental', 'modelContextProtocolServers']);
      if (found) extractList(context, found.node, found.path, JSON_SPEC);
      return;
    }
    const servers = member(root, 'mcpServers');
    if (servers?.kind === 'object') extractMap(context, servers, ['mcpServers'], YAML_SPEC);
    else extractList(context, servers, ['mcpServers'], YAML_SPEC);
  });
}

export const continueAdapter: ClientAdapter = {
  id: 'continue',
  displayName: 'Continue',
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    const { host } = context;
    const home = continueHome(host);
    const result = [
      location('continue', 'user', join(host, home, 'config.yaml'), 'yaml'),
      location('continue', 'user', join(host, home, 'config.json'), 'jsonc'),
    ];
    for (const folder of context.folders) {
      const dir = join(host, folder, '.continue', 'mcpServers');
      for (const file of (await listDir(context.fs, dir)).sort()) {
        if (/\.ya?ml$/i.test(file)) result.push(location('continue', 'workspace', join(host, dir, file), 'yaml', { folder }));
        else if (/\.json$/i.test(file)) result.push(location('continue', 'workspace', join(host, dir, file), 'jsonc', { folder }));
      }
    }
    return result;
  },
  parse: parseContinue,
  // The older config.json nests the launch in `transport`; the YAML forms keep it on the entry.
  launchShape: (config) =>
    basename(undefined, config.path) === 'config.json' && config.scope === 'user' ? { body: 'transport', command: 'command', args: 'args' } : { command: 'command', args: 'args' },
};

// Clients whose config is one JSON map of servers in a user file and/or a file inside each open
// folder: described by data, built by one function.
import type { ClientId, ConfigFormat, ConfigLocation, HostInfo } from '../model.js';
import type { ClientAdapter, LocationContext } from './adapter.js';
import { mapParser, type EntrySpec } from './extract.js';
import { join, location } from './paths.js';

export interface SimpleClient {
  id: ClientId;
  displayName: string;
  format?: ConfigFormat;
  rootKeys: readonly string[];
  spec: EntrySpec;
  /** Per-user files, resolved from the host. */
  user?: (host: HostInfo) => { path: string; label?: string }[];
  /** Path segments of the file inside each open folder. */
  workspace?: readonly string[];
  envReference?: (variable: string) => string;
  disableKey?: { key: string; value: boolean };
}

export function simpleAdapter(client: SimpleClient): ClientAdapter {
  const format = client.format ?? 'jsonc';
  const adapter: ClientAdapter = {
    id: client.id,
    displayName: client.displayName,
    async locations(context: LocationContext): Promise<ConfigLocation[]> {
      const result: ConfigLocation[] = [];
      for (const file of client.user?.(context.host) ?? []) {
        result.push(location(client.id, 'user', file.path, format, file.label !== undefined ? { label: file.label } : {}));
      }
      if (client.workspace) {
        for (const folder of context.folders) {
          result.push(location(client.id, 'workspace', join(context.host, folder, ...client.workspace), format, { folder }));
        }
      }
      return result;
    },
    parse: mapParser(client.rootKeys, client.spec),
  };
  if (client.envReference) adapter.envReference = client.envReference;
  if (client.disableKey) adapter.disableKey = client.disableKey;
  return adapter;
}

export const dollarEnv = (variable: string): string => `\${env:${variable}}`;
export const dollarBrace = (variable: string): string => `\${${variable}}`;

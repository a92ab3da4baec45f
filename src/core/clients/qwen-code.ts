// Qwen Code (a Gemini CLI fork): settings.json in ~/.qwen ($QWEN_HOME moves it) and in each
// folder's .qwen/, the administrator's system settings and defaults, and a folder's Claude-style
// .mcp.json. Servers from a folder (.qwen/settings.json, .mcp.json) start only once approved with
// `qwen mcp approve`, and Qwen binds that approval to a hash of the entry: editing it asks again.
import type { ConfigLocation, HostInfo } from '../model.js';
import type { ClientAdapter, LocationContext } from './adapter.js';
import { mapParser, type EntrySpec } from './extract.js';
import { basename, envPath, join, location, pathsFor } from './paths.js';
import { dollarBrace } from './simple.js';

/** settings.json: `httpUrl` is streamable HTTP, `url` is SSE (Qwen reads no `type` for these). */
const SETTINGS_SPEC: EntrySpec = { urls: [{ key: 'httpUrl', transport: 'http' }, { key: 'url', transport: 'sse' }] };
/** .mcp.json in Claude Code's form: Qwen turns `url` with `type: "http"` into `httpUrl`, any other `url` into SSE. */
const PROJECT_SPEC: EntrySpec = { urls: [{ key: 'httpUrl', transport: 'http' }, { key: 'url', transport: 'sse' }], types: { 'streamable-http': 'sse', streamable_http: 'sse', streamableHttp: 'sse' } };

const parseSettings = mapParser(['mcpServers'], SETTINGS_SPEC);
const parseProject = mapParser(['mcpServers'], PROJECT_SPEC);

export function qwenHome(host: HostInfo): string {
  return envPath(host, 'QWEN_HOME') ?? join(host, host.homedir, '.qwen');
}

/** The administrator's settings; QWEN_CODE_SYSTEM_SETTINGS_PATH moves the file, and the defaults file sits beside it unless moved too. */
export function qwenSystemFiles(host: HostInfo): string[] {
  let settings = envPath(host, 'QWEN_CODE_SYSTEM_SETTINGS_PATH');
  if (!settings) {
    if (host.platform === 'darwin') settings = '/Library/Application Support/QwenCode/settings.json';
    else if (host.platform === 'win32') settings = 'C:\\ProgramData\\qwen-code\\settings.json';
    else settings = '/etc/qwen-code/settings.json';
  }
  const defaults = envPath(host, 'QWEN_CODE_SYSTEM_DEFAULTS_PATH') ?? join(host, pathsFor(host).dirname(settings), 'system-defaults.json');
  return [settings, defaults];
}

export const qwenCodeAdapter: ClientAdapter = {
  id: 'qwen-code',
  displayName: 'Qwen Code',
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    const { host } = context;
    const result = [location('qwen-code', 'user', join(host, qwenHome(host), 'settings.json'), 'jsonc')];
    for (const folder of context.folders) {
      result.push(location('qwen-code', 'workspace', join(host, folder, '.qwen', 'settings.json'), 'jsonc', { folder }));
      result.push(location('qwen-code', 'workspace', join(host, folder, '.mcp.json'), 'jsonc', { folder }));
    }
    for (const file of qwenSystemFiles(host)) result.push(location('qwen-code', 'managed', file, 'jsonc'));
    return result;
  },
  parse: (text, config) => (basename(undefined, config.path) === '.mcp.json' ? parseProject(text, config) : parseSettings(text, config)),
  // Qwen expands $VAR and ${VAR} in settings values.
  envReference: dollarBrace,
};

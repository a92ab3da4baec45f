// Claude Code: ~/.claude.json (user servers and a section per project), <folder>/.mcp.json, and the
// administrator's managed-mcp.json.
import { member } from '../formats/source-node.js';
import type { ConfigLocation, HostInfo } from '../model.js';
import type { ClientAdapter, LocationContext, ParseOutcome } from './adapter.js';
import { describe, extractMap, parseWith, shapeProblem, type EntrySpec } from './extract.js';
import { basename, envPath, join, location } from './paths.js';
import { dollarBrace } from './simple.js';

const SPEC: EntrySpec = {};

export function claudeUserFile(host: HostInfo): string {
  const configDir = envPath(host, 'CLAUDE_CONFIG_DIR');
  return configDir ? join(host, configDir, '.claude.json') : join(host, host.homedir, '.claude.json');
}

export function claudeManagedFile(host: HostInfo): string {
  switch (host.platform) {
    case 'darwin':
      return '/Library/Application Support/ClaudeCode/managed-mcp.json';
    case 'win32':
      return join(host, host.env['ProgramData'] || host.env['PROGRAMDATA'] || 'C:\\ProgramData', 'ClaudeCode', 'managed-mcp.json');
    default:
      return '/etc/claude-code/managed-mcp.json';
  }
}

function parseClaudeCode(text: string, config: ConfigLocation): ParseOutcome {
  const userFile = config.scope === 'user' && basename(undefined, config.path) === '.claude.json';
  return parseWith(text, config, (context, root) => {
    extractMap(context, member(root, 'mcpServers'), ['mcpServers'], SPEC);
    if (!userFile) return;
    const projects = member(root, 'projects');
    if (projects === undefined || projects.kind === 'null') return;
    if (projects.kind !== 'object') {
      shapeProblem(context, projects.span, `"projects" must be an object keyed by folder, found ${describe(projects)}`);
      return;
    }
    for (const project of projects.entries) {
      if (project.value.kind !== 'object') continue; // Claude Code's own bookkeeping; nothing to report.
      extractMap(context, member(project.value, 'mcpServers'), ['projects', project.key, 'mcpServers'], SPEC, {
        scope: 'project',
        projectKey: project.key,
        folder: project.key,
        context: `project "${project.key}"`,
      });
    }
  });
}

/** Claude Code expands `${VAR}` and `${VAR:-default}` in command, args, env, url and headers. */
export const claudeCodeAdapter: ClientAdapter = {
  id: 'claude-code',
  displayName: 'Claude Code',
  async locations(context: LocationContext): Promise<ConfigLocation[]> {
    const { host } = context;
    const result = [location('claude-code', 'user', claudeUserFile(host), 'json')];
    for (const folder of context.folders) {
      result.push(location('claude-code', 'workspace', join(host, folder, '.mcp.json'), 'json', { folder }));
    }
    result.push(location('claude-code', 'managed', claudeManagedFile(host), 'json'));
    return result;
  },
  parse: parseClaudeCode,
  envReference: dollarBrace,
};

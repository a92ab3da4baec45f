import type { HostInfo } from '../model.js';
import { simpleAdapter } from './simple.js';
import { editorVariants, envPath, join } from './paths.js';

const FILE = 'cline_mcp_settings.json';

/** The VS Code extension keeps MCP settings in its global storage (one per editor); the Cline CLI and
 * JetBrains plugin read ~/.cline/data/settings/ (CLINE_MCP_SETTINGS_PATH overrides the file). */
function clineFiles(host: HostInfo): { path: string; label?: string }[] {
  const files: { path: string; label?: string }[] = editorVariants(host).map((variant) => ({
    path: join(host, variant.userDir, 'globalStorage', 'saoudrizwan.claude-dev', 'settings', FILE),
    label: `Cline in ${variant.label}`,
  }));
  files.push({ path: join(host, host.homedir, '.cline', 'data', 'settings', FILE), label: 'Cline CLI' });
  const override = envPath(host, 'CLINE_MCP_SETTINGS_PATH');
  if (override) files.push({ path: override, label: 'Cline (CLINE_MCP_SETTINGS_PATH)' });
  return files;
}

/** Cline: `mcpServers` with `disabled`; remote entries say `type` (or the older `transportType`),
 * and a URL without either is SSE. */
export const clineAdapter = simpleAdapter({
  id: 'cline',
  displayName: 'Cline',
  format: 'json',
  rootKeys: ['mcpServers'],
  spec: { typeKeys: ['type', 'transportType'], defaultRemote: 'sse', disabled: { key: 'disabled', disabledWhen: true } },
  user: clineFiles,
  disableKey: { key: 'disabled', value: true },
});

import { dollarEnv, simpleAdapter } from './simple.js';
import { editorVariants, join } from './paths.js';

/** Roo Code: the extension's global storage in each VS Code-family editor, and <folder>/.roo/mcp.json.
 * A URL without a type is SSE (the older form). */
export const rooAdapter = simpleAdapter({
  id: 'roo',
  displayName: 'Roo Code',
  format: 'json',
  rootKeys: ['mcpServers'],
  spec: { defaultRemote: 'sse', disabled: { key: 'disabled', disabledWhen: true } },
  user: (host) =>
    editorVariants(host).map((variant) => ({
      path: join(host, variant.userDir, 'globalStorage', 'rooveterinaryinc.roo-cline', 'settings', 'mcp_settings.json'),
      label: `Roo Code in ${variant.label}`,
    })),
  workspace: ['.roo', 'mcp.json'],
  envReference: dollarEnv,
  disableKey: { key: 'disabled', value: true },
});

import type { ClientAdapter } from './adapter.js';
import { claudeCodeAdapter } from './claude-code.js';
import { claudeDesktopAdapter } from './claude-desktop.js';
import { clineAdapter } from './cline.js';
import { codexAdapter } from './codex.js';
import { continueAdapter } from './continue.js';
import { copilotCliAdapter } from './copilot-cli.js';
import { cursorAdapter } from './cursor.js';
import { geminiCliAdapter } from './gemini-cli.js';
import { gooseAdapter } from './goose.js';
import { kiroAdapter } from './kiro.js';
import { opencodeAdapter } from './opencode.js';
import { qwenCodeAdapter } from './qwen-code.js';
import { rooAdapter } from './roo.js';
import { vscodeAdapter } from './vscode.js';
import { windsurfAdapter } from './windsurf.js';
import { zedAdapter } from './zed.js';

/** Every supported MCP client, one adapter each. */
export const allAdapters: ClientAdapter[] = [
  vscodeAdapter,
  claudeDesktopAdapter,
  claudeCodeAdapter,
  cursorAdapter,
  windsurfAdapter,
  clineAdapter,
  rooAdapter,
  geminiCliAdapter,
  codexAdapter,
  continueAdapter,
  zedAdapter,
  gooseAdapter,
  opencodeAdapter,
  kiroAdapter,
  copilotCliAdapter,
  qwenCodeAdapter,
];

export function adapterFor(id: ClientAdapter['id']): ClientAdapter | undefined {
  return allAdapters.find((adapter) => adapter.id === id);
}

export { recentFolders, type RecentFolders } from './recent-folders.js';

// Protect / Unprotect from the editor: route stdio servers through the Warden proxy by rewriting
// their clients' configs (through src/core/protect, which backs files up, refuses stale writes and
// is idempotent). Every command first shows what will change (a modal listing files and servers,
// with a side-by-side diff of the dry run on request), then writes, then says what the client
// needs next, where the backup is and how to undo.
//
// Decisions (see docs or the report of issue 3):
// - The proxy is copied to <state>/bin/warden-proxy.cjs after activate() returns and again before
//   each protect, so rewritten configs keep working when the extension updates or moves.
// - The rewritten launch runs the proxy with `node` when the extension host finds one on PATH
//   (the CLI's default too). Without one, an extension host that is itself Node (VS Code Server,
//   remote hosts, code-server) names its own absolute process.execPath. Desktop VS Code's runtime
//   needs ELECTRON_RUN_AS_NODE=1, which a protect must not add to the entry's env (unprotect gives
//   the file back byte for byte): there the launch names <state>/bin/warden-node, a fixed launcher
//   that runs the `node` the client finds and otherwise VS Code's executable with that variable
//   (src/core/protect/install.ts). On Windows such a launcher would be a .cmd file that re-parses
//   the server's arguments as shell text, so Warden refuses there and says how to fix it.
// - Workspace Trust: in an untrusted workspace Warden never writes a workspace-scoped file (or any
//   file inside an open folder); user-level configs are the user's own and may be protected.
// - Managed (administrator) files are never included in Protect All / Protect Client.
// - Tests: a trailing `{ confirm: false }` argument skips the modal, and is honoured only when the
//   extension runs in Development or Test mode (never for an installed extension).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ClientId, ConfigSource, ServerEntry } from '../core/model.js';
import {
  installedProxyPath,
  installProxy,
  loadAllRecords,
  nextStepsFor,
  protectServers,
  PROXY_SCRIPT,
  unprotectServers,
  type FileOutcome,
  type ProtectReport,
} from '../core/protect/index.js';
import { installedLauncherPath, installNodeLauncher } from '../core/protect/install.js';
import type { InventoryItem } from '../core/scan-result.js';
import { stateDirectory } from '../core/state/state-dir.js';
import { itemFromArgument } from './commands.js';
import type { InventoryService } from './inventory-service.js';
import { displayPath, launchText, plural } from './presentation.js';
import type { WardenNode } from './servers-tree.js';

export const PROPOSED_SCHEME = 'mcp-warden-proposed';

type Action = 'protect' | 'unprotect';

export interface ProtectCommandOptions {
  /** false skips the confirmation (honoured only in Development/Test mode). */
  confirm?: boolean;
}

/** What a protection command returns (for tests and other extensions). */
export interface ProtectCommandResult {
  report?: ProtectReport;
  /** Why nothing was written, when nothing was. */
  skipped?: string;
}

function onPath(program: string): boolean {
  const names = process.platform === 'win32' ? [`${program}.exe`, `${program}.cmd`] : [program];
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && names.some((name) => existsSync(path.join(dir, name))));
}

/** The program that runs the proxy in a rewritten launch (`launcher`: warden-node, to be installed first), or why there is none. */
export function proxyNodeCommand(stateDir: string): { command: string; launcher?: true } | { problem: string } {
  if (onPath('node')) return { command: 'node' };
  if (!process.versions.electron) return { command: process.execPath };
  if (process.platform !== 'win32') return { command: installedLauncherPath(stateDir), launcher: true };
  return {
    problem:
      'no "node" was found on the PATH, and VS Code’s own runtime could only run the proxy with an extra environment variable that Warden does not add to your config. Install Node.js (so "node" is on the PATH) and try again, or protect from a terminal with "mcp-warden protect NAME --node C:\\path\\to\\node.exe".',
  };
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Whether Warden may write this server's file from the current window (Workspace Trust). */
function writableHere(server: ServerEntry, folders: readonly string[]): boolean {
  if (vscode.workspace.isTrusted) return true;
  if (server.scope === 'workspace') return false;
  return !folders.some((folder) => isInside(server.configPath, folder));
}

function isOptions(value: unknown): value is ProtectCommandOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'confirm' in value && !('kind' in value);
}

function isClientNode(value: unknown): value is Extract<WardenNode, { kind: 'client' }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'client';
}

const DONE = new Set(['protected', 'unprotected', 'rebuilt']);

function reportText(report: ProtectReport, action: Action, dryRun: boolean, clientName: (client: ClientId) => string, sources: readonly ConfigSource[]): string {
  const lines: string[] = [];
  const next = new Map<ClientId, string>();
  for (const file of report.files) {
    const state = { written: 'changed', 'dry-run': 'would change', unchanged: 'unchanged', refused: 'NOT CHANGED' }[file.status];
    lines.push(`${file.file}: ${state}`);
    if (file.message) lines.push(`  ${file.message}`);
    for (const server of file.servers) {
      lines.push(`  ${server.name} (${clientName(server.client)}): ${dryRun && DONE.has(server.status) ? 'would be ' : ''}${server.message}`);
    }
    if (file.backup && file.status === 'written') lines.push(`  backup of the original: ${file.backup}`);
    for (const { client, step } of nextStepsFor(file, sources)) next.set(client, step.message);
  }
  if (next.size > 0) {
    lines.push('', 'Next:');
    for (const [client, message] of next) lines.push(`  ${clientName(client)}: ${message}`);
  }
  if (!dryRun && action === 'protect' && report.files.some((file) => file.status === 'written')) {
    lines.push('', 'To undo: MCP Warden: Unprotect Server (or Unprotect All Servers) gives each file back byte for byte.');
  }
  return lines.join('\n');
}

export function registerProtection(context: vscode.ExtensionContext, service: InventoryService): vscode.Disposable {
  const bundled = path.join(context.extensionPath, 'dist', PROXY_SCRIPT);
  const testMode = context.extensionMode !== vscode.ExtensionMode.Production;
  const output = vscode.window.createOutputChannel('MCP Warden Protection');
  const proposed = new Map<string, string>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  let installing: Promise<string> | undefined;

  /** Copies the bundled proxy to its stable path (once per window unless it failed). */
  const ensureProxy = (): Promise<string> => {
    installing ??= installProxy(service.stateDir, bundled).then(
      async (result) => {
        // An installed launcher follows VS Code's executable when an update moved it.
        if (process.versions.electron && process.platform !== 'win32' && existsSync(installedLauncherPath(service.stateDir))) await installNodeLauncher(service.stateDir, process.execPath);
        return result.path;
      },
      (error: unknown) => {
        installing = undefined;
        throw new Error(`the Warden proxy could not be installed at ${installedProxyPath(service.stateDir)} (from ${bundled}), so a protected server could not start: ${(error as Error).message}`);
      },
    );
    return installing;
  };
  // Off the activation path: after activate() has returned.
  const timer = setTimeout(() => {
    ensureProxy().catch((error: unknown) => output.appendLine((error as Error).message));
  }, 0);

  const provider: vscode.TextDocumentContentProvider = {
    onDidChange: changed.event,
    provideTextDocumentContent: (uri) => proposed.get(uri.toString()) ?? '',
  };

  const clientName = (client: ClientId) => service.clientName(client);

  async function run(action: Action, items: InventoryItem[], dryRun: boolean): Promise<ProtectReport> {
    const servers = items.map((item) => item.server);
    const sources = service.latest?.sources ?? [];
    if (action === 'unprotect') return unprotectServers(servers, { stateDir: service.stateDir, sources, dryRun });
    const node = proxyNodeCommand(service.stateDir);
    if ('problem' in node) throw new Error(node.problem);
    const proxyPath = installedProxyPath(service.stateDir);
    if (!dryRun) await ensureProxy();
    if (!dryRun && 'launcher' in node) await installNodeLauncher(service.stateDir, process.execPath);
    // Clients hand servers a trimmed environment: a non-default state directory goes in the arguments.
    const defaultStateDir = stateDirectory({ ...service.host, env: {} });
    return protectServers(servers, {
      stateDir: service.stateDir,
      sources,
      dryRun,
      proxy: { nodeCommand: node.command, proxyPath, ...(service.stateDir !== defaultStateDir ? { stateDir: service.stateDir } : {}) },
    });
  }

  async function showChanges(files: FileOutcome[], action: Action): Promise<void> {
    for (const file of files) {
      if (file.proposed === undefined) continue;
      const uri = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: file.file, query: `${action}-${Date.now()}` });
      proposed.set(uri.toString(), file.proposed);
      changed.fire(uri);
      await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(file.file), uri, `${path.basename(file.file)} ↔ after ${action === 'protect' ? 'Protect' : 'Unprotect'} (${displayPath(file.file)})`, { preview: false });
    }
  }

  /** Dry run → confirmation → write → what next. */
  async function perform(action: Action, items: InventoryItem[], options: ProtectCommandOptions | undefined, refusedHere: InventoryItem[] = []): Promise<ProtectCommandResult> {
    const verb = action === 'protect' ? 'Protect' : 'Unprotect';
    if (refusedHere.length > 0) {
      const names = refusedHere.map((item) => `"${item.server.name}"`).join(', ');
      void vscode.window.showWarningMessage(
        `MCP Warden does not change configs of an untrusted workspace: ${names} ${refusedHere.length === 1 ? 'was' : 'were'} left as ${refusedHere.length === 1 ? 'it is' : 'they are'}. Trust the workspace first (Manage Workspace Trust) to ${action} ${refusedHere.length === 1 ? 'it' : 'them'}.`,
      );
    }
    if (items.length === 0) {
      if (refusedHere.length === 0) void vscode.window.showInformationMessage(`MCP Warden: there are no servers to ${action}.`);
      return { skipped: refusedHere.length > 0 ? 'untrusted workspace' : 'no servers' };
    }
    const dry = await run(action, items, true);
    const changing = dry.files.filter((file) => file.status === 'dry-run');
    if (changing.length === 0) {
      const problems = dry.files.flatMap((file) => [...(file.message ? [file.message] : []), ...file.servers.filter((server) => server.status === 'failed' || server.status === 'not-protectable').map((server) => `${server.name}: ${server.message}`)]);
      const message = problems.length > 0 ? `MCP Warden: nothing to ${action}. ${problems.join(' · ')}` : `MCP Warden: nothing to ${action}: ${dry.files.flatMap((file) => file.servers.map((server) => `${server.name} is ${server.message}`)).join('; ')}.`;
      if (problems.length > 0) void vscode.window.showWarningMessage(message);
      else void vscode.window.showInformationMessage(message);
      return { report: dry, skipped: 'nothing to change' };
    }

    const confirm = options?.confirm !== false || !testMode;
    if (confirm) {
      const listed: string[] = [];
      for (const file of changing) {
        listed.push(`${displayPath(file.file)}:`);
        for (const server of file.servers) {
          listed.push(`  ${DONE.has(server.status) ? '•' : '–'} ${server.name}${DONE.has(server.status) ? '' : ` (${server.message})`}`);
        }
      }
      const others = dry.files.filter((file) => file.status !== 'dry-run').flatMap((file) => file.servers.filter((server) => !DONE.has(server.status)));
      if (others.length > 0) listed.push('', 'Left as they are:', ...others.slice(0, 10).map((server) => `  – ${server.name}: ${server.message}`));
      const explain =
        action === 'protect'
          ? 'Each entry will launch the Warden proxy, which launches the original command (it stays readable after "--"). Env, cwd and every other field are kept. Warden backs each file up before its first change; Unprotect gives it back byte for byte.'
          : 'Each entry gets its original launch back, byte for byte.';
      const servers = changing.flatMap((file) => file.servers.filter((server) => DONE.has(server.status))).length;
      const question = `${verb} ${plural(servers, 'server')} in ${plural(changing.length, 'file')}?`;
      for (;;) {
        const choice = await vscode.window.showWarningMessage(question, { modal: true, detail: `${explain}\n\n${listed.join('\n')}` }, verb, 'Show Changes');
        if (choice === 'Show Changes') {
          await showChanges(changing, action);
          continue;
        }
        if (choice !== verb) return { report: dry, skipped: 'cancelled' };
        break;
      }
    }

    const report = await run(action, items, false);
    output.appendLine(`[${new Date().toISOString()}] ${verb}`);
    output.appendLine(reportText(report, action, false, clientName, service.latest?.sources ?? []));
    output.appendLine('');
    // A scan that starts after the write, so the view (and the next command) sees the new state.
    await service.rescan();

    const refused = report.files.filter((file) => file.status === 'refused');
    const failed = report.files.flatMap((file) => file.servers.filter((server) => server.status === 'failed'));
    const written = report.files.filter((file) => file.status === 'written');
    if (refused.length > 0 || failed.length > 0) {
      const reasons = [...refused.map((file) => `${displayPath(file.file)}: ${file.message ?? 'not changed'}`), ...failed.map((server) => `${server.name}: ${server.message}`)];
      void vscode.window.showErrorMessage(`MCP Warden could not ${action} everything. ${reasons.join(' · ')}`, 'Show Details').then((choice) => {
        if (choice === 'Show Details') output.show(true);
      });
    }
    if (written.length > 0) {
      const done = written.flatMap((file) => file.servers.filter((server) => DONE.has(server.status)));
      const steps = new Map<ClientId, string>();
      for (const file of written) for (const { client, step } of nextStepsFor(file, service.latest?.sources ?? [])) steps.set(client, step.message);
      const next = [...steps].map(([client, message]) => (steps.size > 1 ? `${clientName(client)}: ${message}` : message)).join(' ');
      const backups = written.filter((file) => file.backup).map((file) => file.backup!);
      const undo =
        action === 'protect'
          ? ` Backup of the original${backups.length > 1 ? 's' : ''}: ${backups.map((backup) => backup.replace(os.homedir(), '~')).join(', ')}. To undo: MCP Warden: Unprotect.`
          : '';
      const what = `${action === 'protect' ? 'Protected' : 'Unprotected'} ${done.map((server) => `"${server.name}"`).join(', ')}.`;
      void vscode.window.showInformationMessage(`MCP Warden: ${what} ${next}${undo}`, 'Show Details').then((choice) => {
        if (choice === 'Show Details') output.show(true);
      });
    }
    return { report };
  }

  function split(items: InventoryItem[]): { allowed: InventoryItem[]; refused: InventoryItem[] } {
    const folders = service.folders();
    const allowed: InventoryItem[] = [];
    const refused: InventoryItem[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(item.server.id)) continue;
      seen.add(item.server.id);
      (writableHere(item.server, folders) ? allowed : refused).push(item);
    }
    return { allowed, refused };
  }

  const protectable = (item: InventoryItem) => item.server.transport === 'stdio' && item.server.command !== undefined && !item.protected && item.server.scope !== 'managed';

  async function pickOne(argument: unknown, action: Action): Promise<InventoryItem | undefined> {
    const given = itemFromArgument(service, argument);
    if (given) return given;
    if (argument !== undefined && !isOptions(argument)) {
      void vscode.window.showWarningMessage('MCP Warden: that server is no longer in the inventory. Scan again and retry.');
      return undefined;
    }
    const candidates = (service.latest?.items ?? []).filter((item) => (action === 'protect' ? protectable(item) : item.protected));
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`MCP Warden: there are no ${action === 'protect' ? 'unprotected stdio' : 'protected'} servers.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      candidates.map((item) => ({ label: item.server.name, description: launchText(item.server), detail: `${clientName(item.server.client)} · ${displayPath(item.server.configPath)}`, item })),
      { placeHolder: action === 'protect' ? 'Protect which server?' : 'Unprotect which server?', matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.item;
  }

  const optionsOf = (args: unknown[]): ProtectCommandOptions | undefined => args.find(isOptions);

  const register = (id: string, action: string, body: (...args: unknown[]) => Promise<ProtectCommandResult | undefined>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await body(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(`MCP Warden could not ${action}: ${error instanceof Error ? error.message : String(error)}`);
        return { skipped: error instanceof Error ? error.message : String(error) };
      }
    });

  return vscode.Disposable.from(
    { dispose: () => clearTimeout(timer) },
    output,
    changed,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, provider),
    register('mcpWarden.protectServer', 'protect the server', async (argument, ...rest) => {
      const item = await pickOne(argument, 'protect');
      if (!item) return undefined;
      const { allowed, refused } = split([item]);
      return perform('protect', allowed, optionsOf([argument, ...rest]), refused);
    }),
    register('mcpWarden.unprotectServer', 'unprotect the server', async (argument, ...rest) => {
      const item = await pickOne(argument, 'unprotect');
      if (!item) return undefined;
      const { allowed, refused } = split([item]);
      return perform('unprotect', allowed, optionsOf([argument, ...rest]), refused);
    }),
    register('mcpWarden.protectClient', 'protect the client’s servers', async (argument, ...rest) => {
      let client: ClientId | undefined = isClientNode(argument) ? argument.client : typeof argument === 'string' ? (argument as ClientId) : undefined;
      const items = service.latest?.items ?? [];
      if (!client) {
        const clients = [...new Set(items.filter(protectable).map((item) => item.server.client))];
        if (clients.length === 0) {
          void vscode.window.showInformationMessage('MCP Warden: there are no unprotected stdio servers.');
          return undefined;
        }
        client = (await vscode.window.showQuickPick(clients.map((id) => ({ label: clientName(id), id })), { placeHolder: 'Protect the servers of which client?' }))?.id;
        if (!client) return undefined;
      }
      const { allowed, refused } = split(items.filter((item) => item.server.client === client && protectable(item)));
      return perform('protect', allowed, optionsOf([argument, ...rest]), refused);
    }),
    register('mcpWarden.protectAll', 'protect the servers', async (...args) => {
      const { allowed, refused } = split((service.latest ?? (await service.whenScanned())).items.filter(protectable));
      return perform('protect', allowed, optionsOf(args), refused);
    }),
    register('mcpWarden.unprotectAll', 'unprotect the servers', async (...args) => {
      const { records } = await loadAllRecords(service.stateDir);
      const recorded = new Set(records.flatMap((record) => Object.keys(record.servers)));
      const items = (service.latest ?? (await service.whenScanned())).items.filter((item) => item.protected || recorded.has(item.server.id));
      const { allowed, refused } = split(items);
      return perform('unprotect', allowed, optionsOf(args), refused);
    }),
  );
}

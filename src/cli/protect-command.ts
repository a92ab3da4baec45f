// `mcp-warden protect` / `mcp-warden unprotect`: route stdio servers through the Warden proxy by
// editing their clients' configs in place, and put them back.
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import { allAdapters } from '../core/clients/index.js';
import { discover } from '../core/discovery.js';
import { nodeFileSystem } from '../core/fs/node-file-system.js';
import type { ConfigSource, ServerEntry } from '../core/model.js';
import { currentHost } from '../core/node-host.js';
import { recordPolicyFile } from '../core/policy/detection-org.js';
import { describeLaunch } from '../core/policy/launch.js';
import { nextStepsFor } from '../core/protect/hints.js';
import { installedProxyPath, installProxy, loadAllRecords, protectionOf, protectServers, PROXY_SCRIPT, unprotectServers, type FileOutcome, type ProtectReport } from '../core/protect/index.js';
import { stateDirectory } from '../core/state/state-dir.js';
import { parseCommandLine, UsageError } from './command-line.js';

export const PROTECT_HELP = `  mcp-warden protect [NAME|ID...] [--client ID] [--all] [--dry-run] [--folder DIR] [--proxy PATH] [--node PATH] [--policy FILE]
                                 route stdio servers through the Warden proxy (edits their configs in place;
                                 --dry-run prints the edits as a unified diff; --node is the node that runs
                                 the proxy, default "node" on the client's PATH; --proxy defaults to
                                 <state>/bin/warden-proxy.cjs; --policy, or MCP_WARDEN_POLICY, records the
                                 organisation policy whose detection section the proxies apply as a floor)
  mcp-warden unprotect [NAME|ID...] [--client ID] [--all] [--dry-run] [--folder DIR]
                                 give them their original launch back, byte for byte. Before its first edit of
                                 a file Warden copies it to <state>/backups/<name>.warden-backup-<time>-<hash>
`;

const clientIds = allAdapters.map((adapter) => adapter.id) as [string, ...string[]];

export const protectOptionsSchema = z
  .object({
    names: z.array(z.string().min(1)),
    clients: z.array(z.enum(clientIds, { message: `expected one of ${clientIds.join(', ')}` })),
    all: z.boolean(),
    dryRun: z.boolean(),
    folders: z.array(z.string().min(1)),
    proxy: z.string().min(1).optional(),
    node: z.string().min(1).optional(),
    policy: z.string().min(1).optional(),
  })
  .refine((options) => options.names.length > 0 || options.all || options.clients.length > 0, {
    message: 'name at least one server (by name or id), or use --all or --client ID',
  });

export type ProtectCliOptions = z.infer<typeof protectOptionsSchema>;

export function parseProtectOptions(argv: readonly string[], action: 'protect' | 'unprotect'): ProtectCliOptions {
  return parseCommandLine(argv, {
    options: {
      client: { type: 'string', multiple: true },
      all: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      folder: { type: 'string', multiple: true },
      proxy: { type: 'string' },
      node: { type: 'string' },
      policy: { type: 'string' },
    },
    schema: protectOptionsSchema,
    flags: { names: 'arguments', clients: '--client', folders: '--folder' },
    input: ({ values, positionals }) => {
      if (action === 'unprotect' && (values.proxy !== undefined || values.node !== undefined || values.policy !== undefined)) throw new UsageError('--proxy, --node and --policy are options of protect');
      return {
        names: positionals,
        clients: values.client ?? [],
        all: values.all ?? false,
        dryRun: values['dry-run'] ?? false,
        folders: values.folder ?? [],
        proxy: values.proxy,
        node: values.node,
        policy: action === 'protect' ? (values.policy ?? (process.env.MCP_WARDEN_POLICY || undefined)) : undefined,
      };
    },
  });
}

const MARK: Record<string, string> = {
  protected: '✓',
  unprotected: '✓',
  rebuilt: '✓',
  'already-protected': '=',
  'not-protected': '=',
  'not-protectable': '-',
  failed: '✗',
};

function printReport(report: ProtectReport, action: 'protect' | 'unprotect', dryRun: boolean, sources: readonly ConfigSource[], write: (text: string) => void): void {
  const nextSteps = new Map<string, string>();
  const backups: FileOutcome[] = [];
  for (const file of report.files) {
    const state = { written: 'changed', 'dry-run': 'would change (dry run, nothing written)', unchanged: 'unchanged', refused: 'NOT CHANGED' }[file.status];
    write(`${file.file}: ${state}\n`);
    if (file.message) write(`  ${file.message}\n`);
    for (const server of file.servers) {
      const changes = server.status === 'protected' || server.status === 'unprotected' || server.status === 'rebuilt';
      write(`  ${MARK[server.status] ?? '?'} ${server.name} (${server.client}): ${dryRun && changes ? 'would be ' : ''}${server.message}\n`);
      if (server.launch && changes) {
        write(`      ${dryRun ? 'would launch' : 'launches'}: ${describeLaunch({ transport: 'stdio', ...server.launch })}\n`);
      }
    }
    if (dryRun && file.diff) write(`\n${file.diff}\n`);
    if (file.status === 'written' && file.backup) backups.push(file);
    for (const { client, step } of nextStepsFor(file, sources)) nextSteps.set(client, step.message);
  }
  if (backups.length > 0 && action === 'protect') {
    write('\nTo undo: mcp-warden unprotect <name> (or --all). The files as they were before Warden first changed them:\n');
    for (const file of backups) write(`  ${file.backup}  (copy of ${file.file})\n`);
  }
  if (nextSteps.size > 0) {
    write('\nNext:\n');
    for (const [client, message] of nextSteps) write(`  ${allAdapters.find((adapter) => adapter.id === client)?.displayName ?? client}: ${message}\n`);
  }
}

function onPath(program: string): boolean {
  const names = process.platform === 'win32' ? [`${program}.exe`, `${program}.cmd`] : [program];
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && names.some((name) => existsSync(path.join(dir, name))));
}

/** The bundled proxy next to the running CLI (dist/warden-proxy.cjs beside dist/cli.cjs), if any. */
function bundledProxy(): string | undefined {
  const script = process.argv[1];
  if (!script) return undefined;
  const candidate = path.join(path.dirname(path.resolve(script)), PROXY_SCRIPT);
  return existsSync(candidate) ? candidate : undefined;
}

export async function runProtect(argv: string[], action: 'protect' | 'unprotect'): Promise<number> {
  const options = parseProtectOptions(argv, action);
  const host = currentHost();
  const stateDir = stateDirectory(host);
  const folders = (options.folders.length > 0 ? options.folders : ['.']).map((folder) => path.resolve(folder));
  const { sources } = await discover({ host, fs: nodeFileSystem, folders });
  const servers = sources.flatMap((source) => source.servers).filter((server) => options.clients.length === 0 || options.clients.includes(server.client));

  const missing = options.names.filter((name) => !servers.some((server) => server.name === name || server.id === name));
  if (missing.length > 0) throw new UsageError(`no configured server${options.clients.length ? ` of ${options.clients.join(', ')}` : ''} is named ${missing.map((name) => `"${name}"`).join(', ')}`);
  let chosen: ServerEntry[];
  if (options.names.length > 0) chosen = servers.filter((server) => options.names.includes(server.name) || options.names.includes(server.id));
  else if (action === 'protect') {
    // --all / --client: the servers the user can edit (managed files belong to an administrator).
    chosen = servers.filter((server) => server.scope !== 'managed');
  } else {
    const { records } = await loadAllRecords(stateDir);
    const recorded = new Set(records.flatMap((record) => Object.keys(record.servers)));
    chosen = servers.filter((server) => protectionOf(server).protected || recorded.has(server.id));
  }
  if (chosen.length === 0) {
    process.stdout.write(action === 'protect' ? 'Nothing to do: no servers selected.\n' : 'Nothing to do: no protected servers selected.\n');
    return 0;
  }

  let report: ProtectReport;
  if (action === 'protect') {
    let proxyPath: string;
    if (options.proxy) proxyPath = path.resolve(options.proxy);
    else {
      proxyPath = installedProxyPath(stateDir);
      const bundle = bundledProxy();
      if (bundle && !options.dryRun) await installProxy(stateDir, bundle);
    }
    if (!options.dryRun && !existsSync(proxyPath)) {
      throw new Error(`the Warden proxy is not installed at ${proxyPath}, so a protected server could not start; pass --proxy PATH`);
    }
    // The proxies read no environment (clients trim it): they learn the policy from the state directory.
    if (options.policy && !options.dryRun) {
      const policyFile = path.resolve(options.policy);
      if (!existsSync(policyFile)) throw new UsageError(`--policy: no such file: ${policyFile}`);
      await recordPolicyFile(stateDir, policyFile);
    }
    const nodeCommand = options.node ?? 'node';
    if (!options.node && !onPath('node')) process.stderr.write('mcp-warden: warning: "node" is not on this PATH; if a client cannot find it either, protect with --node /absolute/path/to/node\n');
    // Clients hand servers a trimmed environment, so a non-default state directory goes in the arguments.
    const defaultStateDir = stateDirectory({ ...host, env: {} });
    report = await protectServers(chosen, {
      stateDir,
      sources,
      dryRun: options.dryRun,
      proxy: { nodeCommand, proxyPath, ...(stateDir !== defaultStateDir ? { stateDir } : {}) },
    });
  } else {
    report = await unprotectServers(chosen, { stateDir, sources, dryRun: options.dryRun });
  }
  printReport(report, action, options.dryRun, sources, (text) => process.stdout.write(text));
  const failed = report.files.some((file) => file.status === 'refused' || file.servers.some((server) => server.status === 'failed'));
  return failed ? 1 : 0;
}

import { promises as fs } from 'node:fs';
import path from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { nodeFileSystem } from '../core/fs/node-file-system.js';
import type { Severity } from '../core/model.js';
import { currentHost } from '../core/node-host.js';
import { toJsonReport } from '../core/report/json.js';
import { toSarif } from '../core/report/sarif.js';
import { formatText } from '../core/report/text.js';
import { ruleCatalog, docsUrl } from '../core/rule-catalog.js';
import { scanWithState } from '../core/scan-with-state.js';
import { approveServers, revokeApproval } from '../core/state/approvals.js';
import { stateDirectory } from '../core/state/state-dir.js';
import { AUDIT_HELP, runAudit } from './audit-command.js';
import { parseScanOptions, parseSelection, UsageError } from './options.js';
import { PINS_HELP, runPins } from './pins-command.js';
import { PROTECT_HELP, runProtect } from './protect-command.js';
import { runCheck } from './check-command.js';
import { runConnect } from './connect-command.js';
import { exitQuietlyWhenStdoutCloses } from './stdout-closed.js';
import { addConnectToJson, addConnectToSarif, formatConnectSummary, withConnectFindings } from '../core/connect/connect-report.js';

const HELP = `mcp-warden ${packageJson.version} — local security checks for MCP servers

Usage:
  mcp-warden scan [FOLDER...] [options]   inventory and findings of this machine and the folders (default: .)
  mcp-warden approve NAME|ID... [--all-shadow] [--folder DIR]   add servers to your approved inventory
  mcp-warden revoke NAME|ID... [--folder DIR]                  remove servers from it
${PROTECT_HELP}${AUDIT_HELP}${PINS_HELP}  mcp-warden rules                          list the rules with their documentation
  mcp-warden check --kind description|response [--classifier] FILE|-
                                 scan JSONL tool definitions or tool responses for injection; JSONL verdicts out

Scan options:
  -f, --format text|json|sarif   output format (default text; sarif is SARIF 2.1.0 for code scanning)
  -o, --output FILE              write the report to FILE instead of standard output
      --fail-on error|warning|info|none
                                 exit 1 when a finding reaches this severity (default none)
      --policy FILE              organisation policy (JSON); also MCP_WARDEN_POLICY
      --no-user                  only the folders' configs, not this machine's user configs
      --recent                   also folders VS Code opened recently
      --rule ID=LEVEL            change a rule's severity (error|warning|info|off); repeatable
      --no-color                 plain text
      --connect                  also start each unprotected stdio server (asks first, per server, showing
                                 its command line and config file), list its tools, prompts and resources,
                                 and report what the injection detectors find in them
  -y, --yes                      with --connect: start them without asking (needed without a terminal)
      --connect-timeout SECONDS  time one server gets to start and list everything (default 30)

Exit codes: 0 done, 1 findings at or above --fail-on, 2 usage or I/O error.
State (approvals) lives in ~/.mcp-warden, or MCP_WARDEN_HOME.
`;

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function resolveFolders(folders: readonly string[]): string[] {
  return (folders.length > 0 ? folders : ['.']).map((folder) => path.resolve(folder));
}

async function runScan(argv: string[]): Promise<number> {
  const options = parseScanOptions(argv, Boolean(process.stdout.isTTY), process.env);
  const host = currentHost();
  const folders = resolveFolders(options.folders);
  for (const folder of folders) {
    const info = await fs.stat(folder).catch(() => undefined);
    if (!info?.isDirectory()) throw new UsageError(`${folder} is not a folder`);
  }
  const scanned = await scanWithState({
    host,
    fs: nodeFileSystem,
    stateDir: stateDirectory(host),
    folders,
    policyPath: options.policy ? path.resolve(options.policy) : undefined,
    includeUserConfigs: options.user,
    includeRecent: options.recent,
    ruleSeverity: options.ruleSeverity,
  });
  const outcomes = options.connect ? await runConnect(scanned, { yes: options.yes, timeoutSeconds: options.connectTimeout, clientVersion: packageJson.version }) : undefined;
  const result = outcomes ? withConnectFindings(scanned, outcomes) : scanned;
  const json = (): Record<string, unknown> => toJsonReport(result, packageJson.version);
  const sarif = (): Record<string, unknown> => toSarif(result, { toolVersion: packageJson.version, baseFolder: folders[0] });
  const report =
    options.format === 'json'
      ? `${JSON.stringify(outcomes ? addConnectToJson(json(), result, outcomes) : json(), null, 2)}\n`
      : options.format === 'sarif'
        ? `${JSON.stringify(outcomes ? addConnectToSarif(sarif(), result) : sarif(), null, 2)}\n`
        : formatText(result, { color: options.color }) + (outcomes ? formatConnectSummary(outcomes) : '');
  if (options.output) await fs.writeFile(options.output, report, 'utf8');
  else process.stdout.write(report);
  if (options.failOn === 'none') return 0;
  const threshold = RANK[options.failOn];
  return result.findings.some((finding) => RANK[finding.severity] >= threshold) ? 1 : 0;
}

async function runSelection(argv: string[], action: 'approve' | 'revoke'): Promise<number> {
  const selection = parseSelection(argv);
  const host = currentHost();
  const stateDir = stateDirectory(host);
  const result = await scanWithState({ host, fs: nodeFileSystem, stateDir, folders: resolveFolders(selection.folders), remember: false });
  const chosen = result.items.filter(
    (item) =>
      selection.names.includes(item.server.name) ||
      selection.names.includes(item.server.id) ||
      (selection.allShadow && action === 'approve' && item.status === 'shadow'),
  );
  const missing = selection.names.filter((name) => !result.items.some((item) => item.server.name === name || item.server.id === name));
  if (missing.length > 0) throw new UsageError(`no configured server is named ${missing.map((name) => `"${name}"`).join(', ')}`);
  if (action === 'approve') await approveServers(stateDir, chosen.map((item) => item.server));
  else for (const item of chosen) await revokeApproval(stateDir, item.server);
  const verb = action === 'approve' ? 'Approved' : 'Revoked';
  for (const item of chosen) process.stdout.write(`${verb} ${item.server.name} (${item.server.client}, ${item.server.configPath})\n`);
  if (chosen.length === 0) process.stdout.write('Nothing to do: no shadow servers.\n');
  return 0;
}

function listRules(): number {
  const width = Math.max(...ruleCatalog.map((rule) => rule.id.length)) + 1;
  for (const rule of ruleCatalog) process.stdout.write(`${rule.id.padEnd(width)} ${rule.severity.padEnd(8)} ${rule.title}\n${' '.repeat(width + 10)}${docsUrl(rule.id)}\n`);
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'scan':
        return await runScan(rest);
      case 'approve':
      case 'revoke':
        return await runSelection(rest, command);
      case 'protect':
      case 'unprotect':
        return await runProtect(rest, command);
      case 'check':
        return await runCheck(rest);
      case 'pins':
        return await runPins(rest);
      case 'audit':
        return await runAudit(rest);
      case 'rules':
        return listRules();
      case '--version':
      case '-v':
        process.stdout.write(`${packageJson.version}\n`);
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`mcp-warden: ${error.message}\nRun "mcp-warden --help" for usage.\n`);
    } else {
      process.stderr.write(`mcp-warden: ${(error as Error).message}\n`);
    }
    return 2;
  }
}

exitQuietlyWhenStdoutCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mcp-warden: ${String(error)}\n`);
    process.exitCode = 2;
  },
);

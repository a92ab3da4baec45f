// warden-proxy's command line. Settings come from arguments (and files in the state directory),
// never from environment variables: clients such as Codex and the MCP Inspector hand a server
// only a short environment whitelist, so anything set there may silently vanish.

export interface ProxyArgs {
  serverId: string;
  stateDir?: string;
  /** Skip the audit log (benchmarks of the bare relay). */
  audit: boolean;
  /** Do not try to reach the hub. */
  hub: boolean;
  maxLineBytes?: number;
  /** Pinning on (default) or off (--no-pins, e.g. for benchmarks; docs/pinning.md). */
  pins: boolean;
  /** --first-sight: what a server seen for the first time gets; unset means the settings file, then trust. */
  firstSight?: 'trust' | 'hold';
  /** --detect: injection detection mode; unset means <state>/detection.json, then default. */
  detect?: 'off' | 'warn-only' | 'default';
  /** Milliseconds the server gets to exit after its stdin closes, before SIGTERM, and again before SIGKILL. */
  graceMs: number;
  command: string;
  args: string[];
}

export const USAGE = 'usage: warden-proxy --server <id> [--state-dir DIR] [--no-audit] [--no-hub] [--no-pins] [--first-sight trust|hold] [--detect off|warn-only|default] [--max-line-bytes N] [--grace-ms N] -- <command> [args...]';

export class UsageError extends Error {}

export function parseProxyArgs(argv: readonly string[]): ProxyArgs {
  const separator = argv.indexOf('--');
  if (separator === -1) throw new UsageError('missing "--" before the server command');
  const own = argv.slice(0, separator);
  const [command, ...args] = argv.slice(separator + 1);
  if (command === undefined || command.length === 0) throw new UsageError('missing the server command after "--"');
  const result: ProxyArgs = { serverId: '', audit: true, hub: true, pins: true, graceMs: 2_000, command, args };
  for (let index = 0; index < own.length; index++) {
    const arg = own[index]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? own[++index];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--server':
        result.serverId = value();
        break;
      case '--state-dir':
        result.stateDir = value();
        break;
      case '--no-audit':
        result.audit = false;
        break;
      case '--no-hub':
        result.hub = false;
        break;
      case '--no-pins':
        result.pins = false;
        break;
      case '--first-sight': {
        const mode = value();
        if (mode !== 'trust' && mode !== 'hold') throw new UsageError(`--first-sight needs trust or hold, got ${JSON.stringify(mode)}`);
        result.firstSight = mode;
        break;
      }
      case '--detect': {
        const mode = value();
        if (mode !== 'off' && mode !== 'warn-only' && mode !== 'default') throw new UsageError(`--detect needs off, warn-only or default, got ${JSON.stringify(mode)}`);
        result.detect = mode;
        break;
      }
      case '--max-line-bytes':
        result.maxLineBytes = positiveInteger(flag, value());
        break;
      case '--grace-ms':
        result.graceMs = positiveInteger(flag, value());
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }
  if (result.serverId.length === 0) throw new UsageError('missing --server <id>');
  return result;
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) throw new UsageError(`${flag} needs a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

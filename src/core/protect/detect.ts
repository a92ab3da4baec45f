// Recognising Warden's own rewrite of a stdio launch, and building it. A protected entry launches
// `node <.../warden-proxy.cjs> --server <id> [--state-dir DIR] -- <original command> <args…>`, so
// the original stays readable in the config and can always be rebuilt from what follows `--`.
import type { ServerEntry } from '../model.js';

/** The file name of the installed proxy script. */
export const PROXY_SCRIPT = 'warden-proxy.cjs';

export interface StdioLaunch {
  command: string;
  args: string[];
}

export interface Protection {
  protected: boolean;
  /** The launch the proxy starts: what the entry ran before it was protected. */
  original?: StdioLaunch;
  proxyPath?: string;
  /** The id given to the proxy with --server. */
  serverId?: string;
  stateDir?: string;
}

function isProxyScript(path: string): boolean {
  const name = path.split(/[\\/]/).pop() ?? '';
  return /^warden-proxy(\.[cm]?js)?$/i.test(name);
}

/** Reads a launch as Warden's rewrite, if it is one. */
export function protectionOfLaunch(launch: StdioLaunch): Protection {
  const [script, ...rest] = launch.args;
  if (script === undefined || !isProxyScript(script)) return { protected: false };
  const separator = rest.indexOf('--');
  if (separator === -1 || separator === rest.length - 1) return { protected: false };
  const result: Protection = { protected: true, proxyPath: script };
  const own = rest.slice(0, separator);
  for (let index = 0; index < own.length; index++) {
    const arg = own[index]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string | undefined => (eq === -1 ? own[++index] : arg.slice(eq + 1));
    if (flag === '--server') result.serverId = value();
    else if (flag === '--state-dir') result.stateDir = value();
  }
  const [command, ...args] = rest.slice(separator + 1);
  result.original = { command: command!, args };
  return result;
}

/** Whether a configured server launches through the Warden proxy, and what it launches. */
export function protectionOf(server: Pick<ServerEntry, 'transport' | 'command' | 'args'>): Protection {
  if (server.transport !== 'stdio' || server.command === undefined) return { protected: false };
  return protectionOfLaunch({ command: server.command.value, args: server.args.map((arg) => arg.value) });
}

export interface ProxySettings {
  /** The program that runs the proxy script: `node` (found on the client's PATH) or an absolute path. */
  nodeCommand: string;
  /** Absolute path of the installed proxy script. */
  proxyPath: string;
  /** Passed as --state-dir when Warden's state is not in the default place (clients strip the environment). */
  stateDir?: string;
}

/** The launch that routes `original` through the proxy. */
export function proxyLaunch(original: StdioLaunch, serverId: string, settings: ProxySettings): StdioLaunch {
  const own = ['--server', serverId, ...(settings.stateDir !== undefined ? ['--state-dir', settings.stateDir] : [])];
  return { command: settings.nodeCommand, args: [settings.proxyPath, ...own, '--', original.command, ...original.args] };
}

/** The entry as it was before protection: command and args are the items after `--` (with their
 * own source ranges), so approvals, lint rules and reports judge the server that actually runs,
 * not the proxy in front of it. An unprotected entry is returned as it is. */
export function unwrapProtected(server: ServerEntry): ServerEntry {
  if (!protectionOf(server).protected) return server;
  const separator = server.args.findIndex((arg, index) => index > 0 && arg.value === '--');
  const command = server.args[separator + 1];
  if (separator === -1 || command === undefined) return server;
  return { ...server, command, args: server.args.slice(separator + 2) };
}

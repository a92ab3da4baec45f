import type { Located, ServerEntry } from '../model.js';

export type Ecosystem = 'npm' | 'pypi' | 'docker';

/** The package a server's launcher fetches and runs, e.g. `npx -y @scope/pkg@1.2.3`. */
export interface PackageRef {
  ecosystem: Ecosystem;
  name: string;
  version?: string;
  /** The argument the package is named in. */
  arg: Located;
}

const NPM_RUNNERS = new Set(['npx', 'bunx', 'pnpx']);
const PYPI_RUNNERS = new Set(['uvx']);
const CONTAINER_RUNNERS = new Set(['docker', 'podman']);

function basename(command: string): string {
  const last = command.split(/[\\/]/).pop() ?? command;
  return last.replace(/\.(cmd|exe|bat)$/i, '').toLowerCase();
}

/** Options of these launchers that take a value as the next argument. */
const OPTIONS_WITH_VALUE = new Set(['-p', '--package', '--from', '--with', '--python', '-e', '--env', '-v', '--volume', '--name', '--network', '--net', '-w', '--workdir', '--user', '-u', '--entrypoint', '--env-file', '--mount', '--platform', '--pull', '--index-url', '--registry', '--cache']);

function firstPositional(args: readonly Located[], start: number, stopAfter?: (value: string) => boolean): number {
  for (let i = start; i < args.length; i++) {
    const value = args[i]!.value;
    if (value === '--') return i + 1 < args.length ? i + 1 : -1;
    if (value.startsWith('-')) {
      if (!value.includes('=') && OPTIONS_WITH_VALUE.has(value)) i++;
      continue;
    }
    if (stopAfter?.(value)) continue;
    return i;
  }
  return -1;
}

export function splitNpmSpec(spec: string): { name: string; version?: string } {
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : { name: spec };
}

function splitPypiSpec(spec: string): { name: string; version?: string } {
  const match = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(==|>=|<=|~=|!=|@|>|<)?\s*(.*)$/.exec(spec);
  if (!match) return { name: spec };
  return match[2] ? { name: match[1]!, version: `${match[2] === '==' ? '' : match[2]}${match[3]}` } : { name: match[1]! };
}

export function splitImage(image: string): { name: string; version?: string } {
  const digest = image.indexOf('@');
  if (digest > 0) return { name: image.slice(0, digest), version: image.slice(digest + 1) };
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? { name: image.slice(0, colon), version: image.slice(colon + 1) } : { name: image };
}

/** Finds the package a stdio server runs through npx, bunx, pnpm dlx, yarn dlx, uvx, pipx run, docker or podman run. */
export function packageOf(server: ServerEntry): PackageRef | undefined {
  if (server.transport !== 'stdio' || !server.command) return undefined;
  const runner = basename(server.command.value);
  const args = server.args;
  const at = (index: number): Located | undefined => (index >= 0 ? args[index] : undefined);
  if (NPM_RUNNERS.has(runner) || ((runner === 'pnpm' || runner === 'yarn') && args[0]?.value === 'dlx')) {
    const start = NPM_RUNNERS.has(runner) ? 0 : 1;
    const packageOption = args.findIndex((arg) => arg.value === '-p' || arg.value === '--package');
    const arg = packageOption >= 0 ? at(packageOption + 1) : at(firstPositional(args, start));
    return arg ? { ecosystem: 'npm', ...splitNpmSpec(arg.value.replace(/^--package=/, '')), arg } : undefined;
  }
  if (PYPI_RUNNERS.has(runner) || (runner === 'pipx' && args[0]?.value === 'run') || (runner === 'uv' && args[0]?.value === 'tool' && args[1]?.value === 'run')) {
    const start = runner === 'uvx' ? 0 : runner === 'pipx' ? 1 : 2;
    const from = args.findIndex((arg) => arg.value === '--from' || arg.value === '--spec');
    const arg = from >= 0 ? at(from + 1) : at(firstPositional(args, start));
    return arg ? { ecosystem: 'pypi', ...splitPypiSpec(arg.value), arg } : undefined;
  }
  if (CONTAINER_RUNNERS.has(runner)) {
    const run = args.findIndex((arg) => arg.value === 'run');
    if (run < 0) return undefined;
    const arg = at(firstPositional(args, run + 1));
    return arg ? { ecosystem: 'docker', ...splitImage(arg.value), arg } : undefined;
  }
  return undefined;
}

export { basename as commandBasename };

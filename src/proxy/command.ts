// How the proxy turns the server command of a config entry into what child_process.spawn runs,
// without a shell string built from user data.
//
// POSIX: spawn() resolves a bare name on PATH itself (execvp), exactly as the client would have.
// Windows: CreateProcess finds only .exe/.com; clients there often name `npx` or another .cmd
// shim, which Node refuses to spawn without a shell since the 2024 BatBadBut fix. So the command
// is looked up on PATH with PATHEXT, and a .cmd/.bat is run through `cmd.exe /d /s /c` with every
// cmd metacharacter escaped — the same escaping cross-spawn uses, written out here to keep the
// proxy dependency-free.
import path from 'node:path';

export interface SpawnPlan {
  file: string;
  args: string[];
  /** Windows only: the arguments are already quoted for cmd.exe. */
  windowsVerbatimArguments: boolean;
}

export interface CommandHost {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  isFile: (file: string) => boolean;
}

export function planSpawn(command: string, args: readonly string[], host: CommandHost): SpawnPlan {
  if (host.platform !== 'win32') return { file: command, args: [...args], windowsVerbatimArguments: false };
  const resolved = resolveWindows(command, host) ?? command;
  if (!/\.(cmd|bat)$/i.test(resolved)) return { file: resolved, args: [...args], windowsVerbatimArguments: false };
  const shim = /node_modules[\\/]\.bin[\\/][^\\/]+\.cmd$/i.test(resolved);
  const line = [escapeCommand(path.win32.normalize(resolved)), ...args.map((arg) => escapeArgument(arg, shim))].join(' ');
  const comspec = env(host, 'COMSPEC') ?? 'cmd.exe';
  return { file: comspec, args: ['/d', '/s', '/c', `"${line}"`], windowsVerbatimArguments: true };
}

/** The file a Windows client would run for `command`: searched on PATH with the extensions of PATHEXT. */
export function resolveWindows(command: string, host: CommandHost): string | undefined {
  const extensions = (env(host, 'PATHEXT') ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean);
  const hasDirectory = /[\\/]/.test(command);
  const directories = hasDirectory ? [''] : [host.cwd, ...(env(host, 'PATH') ?? '').split(';').filter(Boolean)];
  const candidates = path.win32.extname(command) ? [command, ...extensions.map((ext) => command + ext)] : extensions.map((ext) => command + ext);
  for (const directory of directories) {
    for (const candidate of candidates) {
      const full = directory ? path.win32.join(directory, candidate) : path.win32.resolve(host.cwd, candidate);
      if (host.isFile(full)) return full;
    }
  }
  return undefined;
}

/** Windows environment names are case-insensitive. */
function env(host: CommandHost, name: string): string | undefined {
  const key = Object.keys(host.env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : host.env[key];
}

const META = /([()\][%!^"`<>&|;, *?])/g;

function escapeCommand(command: string): string {
  return command.replace(META, '^$1');
}

function escapeArgument(arg: string, doubleEscape: boolean): string {
  // Backslashes before a quote, and at the end (before the quote we add), are doubled; quotes escaped.
  let quoted = arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1');
  quoted = `"${quoted}"`.replace(META, '^$1');
  // A .cmd shim in node_modules/.bin passes its arguments through a second cmd parse.
  return doubleEscape ? quoted.replace(META, '^$1') : quoted;
}

// What a launch line downloads and runs: npm packages (npx, npm exec, pnpm/yarn dlx, bunx),
// Python packages (uvx, uv tool run, pipx run) and container images (docker/podman run), each
// with the token that names it and whether that name is pinned to immutable content.

import { sliceToken, type Invocation, type Token } from './tokens.js';

export type Ecosystem = 'npm' | 'pypi' | 'docker';

export interface PackageRef {
  ecosystem: Ecosystem;
  /** The runner as the user typed it, e.g. "npx", "uvx", "docker run". */
  runner: string;
  /** The text naming the package (e.g. "@scope/name@1.2.3"), with its range. */
  token: Token;
  /** The package name without version, tag or digest (for typosquat checks); undefined for git/URL specs. */
  name?: string;
  pinned: boolean;
  /** Why it is not pinned, in words, e.g. 'no version' or 'the tag "latest" moves'. */
  reason?: string;
}

const HEX40 = /^[0-9a-f]{40}$/i;
const EXACT_SEMVER = /^=?v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const EXACT_PEP440 = /^\d+(?:\.\d+)*(?:(?:a|b|rc|\.post|\.dev)\d+)*(?:\+[0-9A-Za-z.]+)?$/i;

interface SpecInfo {
  name?: string;
  pinned: boolean;
  reason?: string;
}

function isLocalPath(spec: string): boolean {
  return /^(?:\.{1,2}(?:[\\/]|$)|~[\\/]|\/|[A-Za-z]:[\\/]|file:)/.test(spec);
}

/** Pin status of an npm package spec, or undefined for local paths. */
export function npmSpec(raw: string): SpecInfo | undefined {
  let spec = raw.trim();
  if (spec.startsWith('npm:')) spec = spec.slice(4);
  if (spec === '' || isLocalPath(spec)) return undefined;
  if (/^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)/i.test(spec) || /^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(spec)) {
    const hash = spec.indexOf('#');
    const ref = hash >= 0 ? spec.slice(hash + 1) : '';
    if (HEX40.test(ref)) return { pinned: true };
    return { pinned: false, reason: ref ? `"#${ref}" is a branch, tag or range, not a commit sha` : 'no #<commit-sha>' };
  }
  if (/^https?:\/\//i.test(spec)) return { pinned: false, reason: 'a tarball URL can change under you' };
  const at = spec.startsWith('@') ? spec.indexOf('@', 1) : spec.indexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  const version = at > 0 ? spec.slice(at + 1) : undefined;
  if (version === undefined || version === '') return { name, pinned: false, reason: 'no version' };
  if (EXACT_SEMVER.test(version)) return { name, pinned: true };
  if (/^[A-Za-z][\w.-]*$/.test(version)) return { name, pinned: false, reason: `the tag "${version}" moves` };
  return { name, pinned: false, reason: `"${version}" is a range, not an exact version` };
}

/** Pin status of a Python requirement as uvx/pipx take it, or undefined for local paths and URLs. */
export function pythonSpec(raw: string): SpecInfo | undefined {
  const spec = raw.trim();
  if (spec === '' || isLocalPath(spec)) return undefined;
  if (/^git\+/i.test(spec)) {
    const noFragment = spec.split('#')[0]!;
    const lastSlash = noFragment.lastIndexOf('/');
    const at = noFragment.indexOf('@', lastSlash + 1);
    const ref = at >= 0 ? noFragment.slice(at + 1) : '';
    if (HEX40.test(ref)) return { pinned: true };
    return { pinned: false, reason: ref ? `"@${ref}" is a branch or tag, not a commit sha` : 'no @<commit-sha>' };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) return undefined;
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(spec);
  if (!m) return undefined;
  const name = m[1]!;
  const rest = m[3]!.trim();
  if (rest === '') return { name, pinned: false, reason: 'no ==version' };
  if (rest.startsWith('@')) {
    const version = rest.slice(1).trim();
    if (EXACT_PEP440.test(version)) return { name, pinned: true };
    return { name, pinned: false, reason: `"@${version}" is not an exact version` };
  }
  const exact = /^===?\s*([^,;\s]+)$/.exec(rest);
  if (exact && EXACT_PEP440.test(exact[1]!)) return { name, pinned: true };
  return { name, pinned: false, reason: `"${rest}" is a range, not ==version` };
}

/** Pin status of a container image reference. */
export function imageSpec(raw: string): SpecInfo {
  const image = raw.trim();
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const repo = colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
  const name = repo.replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//i, '').replace(/^library\//, '');
  if (at >= 0 && /^sha256:[0-9a-f]{64}$/i.test(image.slice(at + 1))) return { name, pinned: true };
  return { name, pinned: false, reason: tag ? `the tag "${tag}" can be re-pushed; no @sha256: digest` : 'no tag and no @sha256: digest' };
}

interface OptionSpec {
  /** Options whose value is the next argument (or after "="). */
  withValue: ReadonlySet<string>;
  /** Options whose value is a package spec. */
  packageOptions: ReadonlySet<string>;
}

interface ParsedRunner {
  packages: Token[];
  /** The first positional argument (the package, or the command when packages came from options). */
  positional?: Token;
  options: { name: string; token: Token; value?: Token }[];
}

function parseRunnerArgs(args: readonly Token[], spec: OptionSpec): ParsedRunner {
  const result: ParsedRunner = { packages: [], options: [] };
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    const v = token.value;
    if (v === '--') {
      result.positional = args[i + 1];
      break;
    }
    if (v.startsWith('-') && v.length > 1) {
      const eq = v.indexOf('=');
      if (v.startsWith('--') && eq > 0) {
        const name = v.slice(0, eq);
        const value = sliceToken(token, eq + 1, v.length);
        result.options.push({ name, token, value });
        if (spec.packageOptions.has(name)) result.packages.push(value);
        continue;
      }
      if (spec.withValue.has(v)) {
        const value = args[i + 1];
        result.options.push({ name: v, token, ...(value ? { value } : {}) });
        if (value && spec.packageOptions.has(v)) result.packages.push(value);
        i++;
        continue;
      }
      result.options.push({ name: v, token });
      continue;
    }
    result.positional = token;
    break;
  }
  return result;
}

const NPX_OPTIONS: OptionSpec = {
  withValue: new Set(['-p', '--package', '-c', '--call', '--registry', '--cache', '--userconfig', '--prefix', '-w', '--workspace']),
  packageOptions: new Set(['-p', '--package']),
};
const UVX_OPTIONS: OptionSpec = {
  withValue: new Set([
    '--from', '--with', '--with-editable', '--with-requirements', '-w', '--python', '-p', '--index', '--index-url', '-i',
    '--extra-index-url', '--default-index', '--find-links', '-f', '--directory', '--project', '--constraints', '-c',
    '--overrides', '--build-constraints', '-b', '--refresh-package', '--reinstall-package', '--upgrade-package', '-P',
    '--cache-dir', '--config-file', '--env-file', '--python-platform', '--index-strategy', '--keyring-provider',
    '--resolution', '--prerelease', '--exclude-newer', '--link-mode', '--color', '--allow-insecure-host',
  ]),
  packageOptions: new Set(['--from', '--with', '-w']),
};
const PIPX_OPTIONS: OptionSpec = {
  withValue: new Set(['--spec', '--python', '--index-url', '-i', '--pip-args', '--backend', '--fetch-python']),
  packageOptions: new Set(['--spec']),
};

/** The options of `docker run` that take a value (so the next argument is not the image). */
export const DOCKER_VALUE_OPTIONS = new Set([
  '-a', '--attach', '--add-host', '--annotation', '--blkio-weight', '--blkio-weight-device', '--cap-add', '--cap-drop',
  '--cgroup-parent', '--cgroupns', '--cidfile', '-c', '--cpu-shares', '--cpu-period', '--cpu-quota', '--cpu-rt-period',
  '--cpu-rt-runtime', '--cpus', '--cpuset-cpus', '--cpuset-mems', '--detach-keys', '--device', '--device-cgroup-rule',
  '--device-read-bps', '--device-read-iops', '--device-write-bps', '--device-write-iops', '--dns', '--dns-option',
  '--dns-search', '--domainname', '--entrypoint', '-e', '--env', '--env-file', '--expose', '--gpus', '--group-add',
  '--health-cmd', '--health-interval', '--health-retries', '--health-start-period', '--health-timeout', '-h',
  '--hostname', '--ip', '--ip6', '--ipc', '--isolation', '--kernel-memory', '-l', '--label', '--label-file', '--link',
  '--link-local-ip', '--log-driver', '--log-opt', '--mac-address', '-m', '--memory', '--memory-reservation',
  '--memory-swap', '--memory-swappiness', '--mount', '--name', '--network', '--net', '--network-alias', '--net-alias',
  '--oom-score-adj', '--pid', '--pids-limit', '--platform', '-p', '--publish', '--pull', '--restart', '--runtime',
  '--security-opt', '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs', '-u',
  '--user', '--userns', '--ulimit', '--uts', '-v', '--volume', '--volume-driver', '--volumes-from', '-w', '--workdir',
  '--arch', '--os', '--variant', '--authfile', '--cgroup-conf', '--cgroups', '--conmon-pidfile', '--creds',
  '--decryption-key', '--gidmap', '--uidmap', '--subuidname', '--subgidname', '--hostuser', '--init-path', '--passwd-entry',
  '--pod', '--pod-id-file', '--preserve-fds', '--rdt-class', '--requires', '--seccomp-policy', '--sdnotify',
  '--secret', '--systemd', '--timeout', '--tz', '--umask', '--unsetenv', '--chrootdirs', '--hooks-dir',
]);
const DOCKER_SHORT_VALUE = new Set(['a', 'c', 'e', 'h', 'l', 'm', 'p', 'u', 'v', 'w']);
const DOCKER_GLOBAL_VALUE = new Set(['--context', '-c', '-H', '--host', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey', '--connection', '--url', '--identity', '--root', '--runroot', '--storage-driver', '--namespace', '-n', '--address', '-a']);

export interface DockerOption {
  /** Long or short option name, e.g. "--volume" or "-v". */
  name: string;
  token: Token;
  /** The option's value (after "=", attached to a short flag, or the next argument). */
  value?: Token;
}

export interface DockerRun {
  runner: string;
  options: DockerOption[];
  image?: Token;
}

const CONTAINER_ENGINES = new Set(['docker', 'podman', 'nerdctl', 'finch']);

/** Parses `docker run …` / `docker container run …` / `podman run …`, or returns undefined. */
export function parseDockerRun(inv: Invocation): DockerRun | undefined {
  if (!CONTAINER_ENGINES.has(inv.program)) return undefined;
  const args = inv.args;
  let i = 0;
  while (i < args.length && args[i]!.value.startsWith('-')) {
    const v = args[i]!.value;
    i += DOCKER_GLOBAL_VALUE.has(v) && !v.includes('=') ? 2 : 1;
  }
  if (args[i]?.value === 'container') i++;
  if (args[i]?.value !== 'run' && args[i]?.value !== 'create') return undefined;
  i++;
  const run: DockerRun = { runner: `${inv.program} run`, options: [] };
  for (; i < args.length; i++) {
    const token = args[i]!;
    const v = token.value;
    if (v === '--') {
      if (args[i + 1]) run.image = args[i + 1];
      break;
    }
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      if (eq > 0) {
        run.options.push({ name: v.slice(0, eq), token, value: sliceToken(token, eq + 1, v.length) });
      } else if (DOCKER_VALUE_OPTIONS.has(v)) {
        const value = args[i + 1];
        run.options.push({ name: v, token, ...(value ? { value } : {}) });
        i++;
      } else {
        run.options.push({ name: v, token });
      }
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      // Combined short flags (-it, -dit) or a short flag with a value (-e X, -eX, -v a:b).
      const letters = v.slice(1);
      let consumedNext = false;
      for (let k = 0; k < letters.length; k++) {
        const letter = letters[k]!;
        if (DOCKER_SHORT_VALUE.has(letter)) {
          if (k < letters.length - 1) {
            run.options.push({ name: `-${letter}`, token, value: sliceToken(token, k + 2, v.length) });
          } else {
            const value = args[i + 1];
            run.options.push({ name: `-${letter}`, token, ...(value ? { value } : {}) });
            consumedNext = true;
          }
          break;
        }
        run.options.push({ name: `-${letter}`, token });
      }
      if (consumedNext) i++;
      continue;
    }
    run.image = token;
    break;
  }
  return run;
}

function npmRunner(inv: Invocation): { runner: string; args: Token[] } | undefined {
  const [first] = inv.args;
  switch (inv.program) {
    case 'npx':
    case 'pnpx':
    case 'bunx':
      return { runner: inv.program, args: inv.args };
    case 'npm':
      return first && (first.value === 'exec' || first.value === 'x') ? { runner: `npm ${first.value}`, args: inv.args.slice(1) } : undefined;
    case 'pnpm':
    case 'yarn':
      return first?.value === 'dlx' ? { runner: `${inv.program} dlx`, args: inv.args.slice(1) } : undefined;
    case 'bun':
      return first?.value === 'x' ? { runner: 'bun x', args: inv.args.slice(1) } : undefined;
    default:
      return undefined;
  }
}

function pythonRunner(inv: Invocation): { runner: string; args: Token[]; options: OptionSpec } | undefined {
  const [first, second] = inv.args;
  if (inv.program === 'uvx') return { runner: 'uvx', args: inv.args, options: UVX_OPTIONS };
  if (inv.program === 'uv' && first?.value === 'tool' && (second?.value === 'run' || second?.value === 'uvx')) {
    return { runner: 'uv tool run', args: inv.args.slice(2), options: UVX_OPTIONS };
  }
  if (inv.program === 'pipx' && first?.value === 'run') return { runner: 'pipx run', args: inv.args.slice(1), options: PIPX_OPTIONS };
  return undefined;
}

/** Every package or image an invocation downloads and runs. */
export function packageRefs(inv: Invocation): PackageRef[] {
  const refs: PackageRef[] = [];
  const npm = npmRunner(inv);
  if (npm) {
    const parsed = parseRunnerArgs(npm.args, NPX_OPTIONS);
    const tokens = parsed.packages.length > 0 ? parsed.packages : parsed.positional ? [parsed.positional] : [];
    for (const token of tokens) {
      const info = npmSpec(token.value);
      if (info) refs.push({ ecosystem: 'npm', runner: npm.runner, token, ...info });
    }
    return refs;
  }
  const py = pythonRunner(inv);
  if (py) {
    const parsed = parseRunnerArgs(py.args, py.options);
    const fromOption = parsed.options.some((o) => o.name === '--from' || o.name === '--spec');
    const tokens = [...parsed.packages];
    if (!fromOption && parsed.positional) tokens.unshift(parsed.positional);
    for (const token of tokens) {
      const info = pythonSpec(token.value);
      if (info) refs.push({ ecosystem: 'pypi', runner: py.runner, token, ...info });
    }
    return refs;
  }
  const docker = parseDockerRun(inv);
  if (docker?.image) refs.push({ ecosystem: 'docker', runner: docker.runner, token: docker.image, ...imageSpec(docker.image.value) });
  return refs;
}

import type { Finding, Severity } from '../../model.js';
import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';
import { parseDockerRun, type DockerOption } from '../packages.js';
import { invocations, unionRange } from '../tokens.js';

interface Problem {
  severity: Severity;
  what: string;
}

const CREDENTIAL_DIRS = /^(?:\.ssh|\.aws|\.kube|\.docker|\.gnupg|\.config\/gcloud|\.azure|\.npmrc|\.netrc|\.git-credentials|\.config\/gh)(?:\/|$)/;

/** Why mounting this host path into a container hands the container the host, or undefined. */
export function sensitiveMount(source: string): Problem | undefined {
  const raw = source.trim().replace(/\\/g, '/');
  const path = raw.length > 1 ? raw.replace(/\/+$/, '') : raw;
  if (path === '/' || /^[A-Za-z]:\/?$/.test(path)) return { severity: 'error', what: 'mounts the host root filesystem' };
  if (/^(?:\/var)?\/run\/(?:docker|podman\/podman|containerd\/containerd)\.sock$/.test(path) || /docker_engine$/.test(path)) {
    return { severity: 'error', what: 'mounts the container engine socket, which is root on the host' };
  }
  const home = /^(?:~|\$HOME|\$\{HOME\}|\$\{env:HOME\}|\$\{userHome\}|%USERPROFILE%|\$env:USERPROFILE|\/root|\/home\/[^/]+|\/Users\/[^/]+|[A-Za-z]:\/Users\/[^/]+)(?:\/(.*))?$/.exec(path);
  if (home) {
    const rest = home[1] ?? '';
    if (rest === '') return { severity: 'warning', what: 'mounts your whole home directory (SSH keys, cloud credentials, tokens)' };
    if (CREDENTIAL_DIRS.test(rest)) return { severity: 'warning', what: `mounts ${path}, a credentials directory` };
    return undefined;
  }
  if (path === '/home' || path === '/Users') return { severity: 'warning', what: "mounts every user's home directory" };
  if (path === '/etc' || /^\/etc\/(?:shadow|sudoers|ssh)/.test(path)) return { severity: 'warning', what: `mounts ${path}, the host's system configuration` };
  if (path === '/proc' || path === '/sys' || path === '/dev' || path === '/boot' || path === '/var' || path === '/usr') return { severity: 'warning', what: `mounts ${path} from the host` };
  return undefined;
}

function mountSource(option: DockerOption): string | undefined {
  const value = option.value?.value;
  if (value === undefined) return undefined;
  if (option.name === '-v' || option.name === '--volume') {
    // Windows drive letters ("C:\x:/data") keep their colon.
    const m = /^([A-Za-z]:[\\/][^:]*|[^:]*)(?::|$)/.exec(value);
    return m?.[1];
  }
  if (option.name === '--mount') {
    const fields = value.split(',').map((f) => f.split('='));
    const type = fields.find(([k]) => k === 'type')?.[1];
    if (type !== undefined && type !== 'bind') return undefined;
    return fields.find(([k]) => k === 'source' || k === 'src')?.[1];
  }
  return undefined;
}

function optionProblem(option: DockerOption): Problem | undefined {
  const name = option.name;
  const value = option.value?.value.trim() ?? '';
  if (name === '--privileged') return { severity: 'error', what: '--privileged gives the container every capability and all host devices' };
  if (name === '--cap-add' && /^(?:CAP_)?(?:ALL|SYS_ADMIN|SYS_PTRACE|SYS_MODULE|DAC_READ_SEARCH|NET_ADMIN|SYS_RAWIO|BPF)$/i.test(value)) {
    return { severity: /ALL|SYS_ADMIN|SYS_MODULE/i.test(value) ? 'error' : 'warning', what: `--cap-add ${value} grants a capability that escapes the container` };
  }
  if (name === '--pid' && value === 'host') return { severity: 'error', what: '--pid=host lets the container see and signal every host process' };
  if ((name === '--network' || name === '--net') && value === 'host') return { severity: 'warning', what: '--network=host shares the host network, including services bound to localhost' };
  if ((name === '--ipc' || name === '--uts' || name === '--userns' || name === '--cgroupns') && value === 'host') return { severity: 'warning', what: `${name}=host shares a host namespace` };
  if (name === '--security-opt' && /^(?:seccomp|apparmor|label)[=:](?:unconfined|disable)$/i.test(value)) return { severity: 'error', what: `--security-opt ${value} removes the container's sandbox` };
  if (name === '--device' && /^\/dev\/(?:mem|kmem|sd[a-z]|nvme|disk)/.test(value)) return { severity: 'error', what: `--device ${value} exposes a raw host device` };
  const source = mountSource(option);
  if (source !== undefined) return sensitiveMount(source);
  return undefined;
}

/** docker/podman run options that hand a server (and any prompt injection steering it) the host. */
export const dockerHostAccess: LintRule = {
  id: 'docker-host-access',
  severity: 'error',
  title: 'Container started with access to the host',
  docs: 'docs/rules/docker-host-access.md',
  check(server) {
    const out: Finding[] = [];
    for (const inv of invocations(server)) {
      const run = parseDockerRun(inv);
      if (!run) continue;
      for (const option of run.options) {
        const problem = optionProblem(option);
        if (!problem) continue;
        const range = option.value ? unionRange(option.token.range, option.value.range) : option.token.range;
        out.push(
          serverFinding(dockerHostAccess, server, `${run.runner} ${problem.what}; an MCP server steered by a prompt injection then controls the host`, {
            range,
            severity: problem.severity,
            data: { kind: 'docker-host-access', option: option.name, ...(option.value ? { value: option.value.value } : {}) },
          }),
        );
      }
    }
    return out;
  },
};

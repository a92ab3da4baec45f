import type { Finding, Severity } from '../../model.js';
import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';
import { isReference } from '../secrets.js';

interface Problem {
  severity: Severity;
  what: string;
}

function pathProblem(value: string): Problem | undefined {
  const entries = value.split(/[:;]/);
  // "." or an empty entry means the current directory: a workspace file named like the command runs instead.
  if (entries.some((e) => e === '' || e === '.' || e.startsWith('./') || e.startsWith('../') || /^(?:\/tmp|\/var\/tmp|\/dev\/shm)(?:\/|$)/.test(e))) {
    return { severity: 'warning', what: 'puts the current directory or a world-writable directory on PATH, so a planted file can replace the command' };
  }
  return undefined;
}

/** Why setting this variable runs code of its own before (or inside) the server, or undefined. */
export function envProblem(key: string, value: string): Problem | undefined {
  const name = key.toUpperCase();
  const v = value.trim();
  if (v === '' || isReference(v)) return undefined;
  if (name === 'LD_PRELOAD' || name === 'LD_AUDIT' || name === 'DYLD_INSERT_LIBRARIES') return { severity: 'error', what: 'loads a library into the process before the server runs' };
  if (name === 'LD_LIBRARY_PATH' || name.startsWith('DYLD_')) return { severity: 'warning', what: 'changes where shared libraries load from' };
  if (name === 'NODE_OPTIONS' && /(?:^|\s)(?:-r|--require|--import|--loader|--experimental-loader|--inspect(?:-brk)?)(?:[=\s]|$)/.test(v)) {
    return { severity: 'error', what: 'makes Node load extra code (or open a debugger) before the server starts' };
  }
  if (name === 'JAVA_TOOL_OPTIONS' || name === '_JAVA_OPTIONS' || name === 'JDK_JAVA_OPTIONS') {
    if (/-javaagent|-agentlib|-agentpath|-Xrunjdwp/.test(v)) return { severity: 'error', what: 'attaches an agent to the JVM before the server starts' };
    return undefined;
  }
  if (name === 'PERL5OPT' || name === 'RUBYOPT' || name === 'PYTHONSTARTUP' || name === 'BASH_ENV' || name === 'ENV' || name === 'PROMPT_COMMAND') {
    return { severity: 'warning', what: 'makes the interpreter or shell run extra code on start' };
  }
  if (name === 'PYTHONPATH' || name === 'NODE_PATH' || name === 'RUBYLIB' || name === 'PERL5LIB') {
    return pathProblem(v) ? { severity: 'warning', what: 'adds the current or a world-writable directory to the module search path' } : undefined;
  }
  if (name === 'PATH') return pathProblem(v);
  if (name === 'GIT_SSH_COMMAND' || name === 'GIT_EXTERNAL_DIFF' || name === 'GIT_PAGER' || name === 'GIT_ASKPASS' || name === 'SSH_ASKPASS') {
    return { severity: 'warning', what: 'makes git/ssh run this command' };
  }
  return undefined;
}

/** Environment variables that run code of their own when the server starts. */
export const envCodeInjection: LintRule = {
  id: 'env-code-injection',
  severity: 'warning',
  title: 'Environment variable that runs extra code',
  docs: 'docs/rules/env-code-injection.md',
  check(server) {
    const out: Finding[] = [];
    for (const [key, loc] of Object.entries(server.env)) {
      const problem = envProblem(key, loc.value);
      if (!problem) continue;
      out.push(
        serverFinding(envCodeInjection, server, `env ${key} ${problem.what}; the command in this entry is no longer the only thing that runs`, {
          range: loc.range,
          severity: problem.severity,
          data: { kind: 'env-code-injection', key },
        }),
      );
    }
    return out;
  },
};

import { packageRefs, type Ecosystem } from '../lint/packages.js';
import { invocations, programName } from '../lint/tokens.js';
import type { ServerEntry } from '../model.js';

/** The package a stdio server fetches and runs, named and versioned as a policy matches it. */
export interface PolicyPackage {
  ecosystem: Ecosystem;
  name: string;
  /** The exact version, tag or digest written after the name, if any. */
  version?: string;
}

/** "@scope/pkg@1.2.3" → "1.2.3", "pkg==1.2" → "1.2", "image:tag" → "tag", "image@sha256:…" → "sha256:…". */
function versionAfter(spec: string, name: string): string | undefined {
  const rest = spec.slice(spec.toLowerCase().indexOf(name.toLowerCase()) + name.length).replace(/^(?:\[[^\]]*\])?\s*/, '');
  const version = rest.replace(/^(?:==|@|:)/, '');
  return version.length > 0 && version !== rest ? version : undefined;
}

/** The first package the launch line runs (through npx, uvx, pipx, docker run …, also behind cmd /c or a shell). */
export function packageOf(server: ServerEntry): PolicyPackage | undefined {
  if (server.transport !== 'stdio') return undefined;
  for (const invocation of invocations(server)) {
    const reference = packageRefs(invocation).find((candidate) => candidate.name !== undefined);
    if (reference?.name) return { ecosystem: reference.ecosystem, name: reference.name, version: versionAfter(reference.token.value, reference.name) };
  }
  return undefined;
}

export { programName as commandBasename };

import * as z from 'zod';
import { parseJsonc } from '../formats/jsonc.js';
import type { SourceNode } from '../formats/source-node.js';
import { errorCode, type FileSystem } from '../fs/file-system.js';
import type { Finding } from '../model.js';
import { LineIndex } from '../text/line-index.js';
import { detectionSettingsSchema } from './detection-schema.js';

const severityOrOff = z.enum(['error', 'warning', 'info', 'off']);

/** Every field given must match (AND); `*` is a wildcard; comparisons ignore case. */
const serverMatchSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('Server name as configured, e.g. "github" or "corp-*".'),
    command: z.string().min(1).optional().describe('Basename of the stdio command, e.g. "docker" or "uvx".'),
    package: z.string().min(1).optional().describe('Package the launcher runs (npm, PyPI or container image), without version.'),
    version: z.string().min(1).optional().describe('Exact version the package must be pinned to.'),
    urlHost: z.string().min(1).optional().describe('Host of a remote server URL, e.g. "api.githubcopilot.com" or "*.corp.example".'),
    url: z.string().min(1).optional().describe('Whole remote URL pattern.'),
  })
  .refine((match) => Object.values(match).some((value) => value !== undefined), { message: 'a match needs at least one field' });

const policyServerSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  match: serverMatchSchema,
});

export const orgPolicySchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  organization: z.string().optional(),
  /** Servers the organisation approves: a configured server matching one is not shadow. */
  approved: z.array(policyServerSchema).default([]),
  /** Servers the organisation forbids: matching one is an error finding whatever the user approved. */
  denied: z.array(policyServerSchema).default([]),
  /** Severity per config rule id, or "off". */
  rules: z.record(z.string(), severityOrOff).default({}),
  /** When false, the user's own approvals do not count: only the policy approves. */
  allowUserApprovals: z.boolean().default(true),
  /**
   * A floor under every user's proxy detection settings (same shape as detection.json): per item
   * the stricter action wins, and `mode` is the least a user may choose. See detection-merge.ts.
   */
  detection: z.optional(detectionSettingsSchema),
});

export type OrgPolicy = z.infer<typeof orgPolicySchema>;
export type ServerMatch = z.infer<typeof serverMatchSchema>;
export type PolicyServer = z.infer<typeof policyServerSchema>;

function nodeAtPath(root: SourceNode | undefined, path: readonly PropertyKey[]): SourceNode | undefined {
  let node = root;
  for (const key of path) {
    if (node?.kind === 'object') node = node.entries.findLast((entry) => entry.key === String(key))?.value;
    else if (node?.kind === 'array' && typeof key === 'number') node = node.items[key];
    else return node;
  }
  return node;
}

const MAX_POLICY_BYTES = 5 * 1024 * 1024;

/** Reads and validates an organisation policy; every problem names the file and the position. */
export async function loadPolicy(file: string, fs: FileSystem): Promise<{ policy?: OrgPolicy; problems: Finding[] }> {
  const problem = (message: string, range?: Finding['range']): { problems: Finding[] } => ({
    problems: [{ ruleId: 'policy-invalid', severity: 'error', message, file, ...(range ? { range } : {}) }],
  });
  let text: string;
  try {
    const info = await fs.stat(file);
    if (info.kind !== 'file') return problem(`could not read policy ${file}: it is not a file`);
    if (info.size > MAX_POLICY_BYTES) return problem(`could not read policy ${file}: ${info.size} bytes is more than the ${MAX_POLICY_BYTES} allowed`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(file));
  } catch (error) {
    const code = errorCode(error);
    const reason = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    return problem(`could not read policy ${file}: ${reason}`);
  }
  const lines = new LineIndex(text);
  const document = parseJsonc(text);
  const syntax = document.problems[0];
  if (syntax) return problem(`policy ${file}: ${syntax.message}`, lines.range(syntax.offset, syntax.offset + syntax.length));
  const parsed = orgPolicySchema.safeParse(jsonFromTree(document.root));
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const node = nodeAtPath(document.root, issue.path);
        const where = issue.path.length > 0 ? issue.path.join('.') : '(root)';
        return {
          ruleId: 'policy-invalid',
          severity: 'error' as const,
          message: `policy ${where}: ${issue.message}`,
          file,
          ...(node ? { range: lines.range(node.span[0], node.span[1]) } : {}),
        };
      }),
    };
  }
  return { policy: parsed.data, problems: [] };
}

/** The plain value of a parsed tree, so policies written with comments validate too. */
function jsonFromTree(node: SourceNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'object':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, jsonFromTree(entry.value)]));
    case 'array':
      return node.items.map(jsonFromTree);
    case 'string':
    case 'number':
    case 'boolean':
      return node.value;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

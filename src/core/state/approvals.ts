import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';
import type { Finding, ServerEntry } from '../model.js';
import { launchFingerprint, launchOf } from '../policy/launch.js';
import { withFileLock, writeFileAtomic } from './atomic-file.js';

const launchSchema = z.union([
  z.object({ transport: z.literal('stdio'), command: z.string(), args: z.array(z.string()) }),
  z.object({ transport: z.enum(['http', 'sse']), url: z.string() }),
]);

const approvalSchema = z.object({
  name: z.string(),
  fingerprint: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  launch: launchSchema,
  approvedAt: z.string(),
  /** The server id the user approved it from, for the record. */
  approvedFrom: z.string(),
});

const approvalsFileSchema = z.object({ version: z.literal(1), approvals: z.array(approvalSchema) });

export type Approval = z.infer<typeof approvalSchema>;

export const APPROVALS_FILE = 'approvals.json';

function approvalsPath(dir: string): string {
  return path.join(dir, APPROVALS_FILE);
}

async function readApprovals(file: string): Promise<{ approvals: Approval[]; problem?: string }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { approvals: [] };
    return { approvals: [], problem: `could not read ${file}: ${(error as Error).message}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { approvals: [], problem: `${file} is not valid JSON (${(error as Error).message}); no server counts as approved by it` };
  }
  const parsed = approvalsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { approvals: [], problem: `${file} has an unexpected shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message}; no server counts as approved by it` };
  }
  return { approvals: parsed.data.approvals };
}

/** A damaged approvals file counts as "nothing approved", never as "everything approved". */
export async function loadApprovals(dir: string): Promise<{ approvals: Approval[]; problems: Finding[] }> {
  const file = approvalsPath(dir);
  const { approvals, problem } = await readApprovals(file);
  const problems: Finding[] = problem ? [{ ruleId: 'state-unreadable', severity: 'error', message: problem, file }] : [];
  return { approvals, problems };
}

async function updateApprovals(dir: string, change: (approvals: Approval[]) => Approval[]): Promise<void> {
  const file = approvalsPath(dir);
  await withFileLock(file, async () => {
    const { approvals, problem } = await readApprovals(file);
    if (problem) {
      // Keep the damaged file for the user instead of silently replacing it.
      const backup = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await fs.copyFile(file, backup).catch(() => undefined);
    }
    await writeFileAtomic(file, `${JSON.stringify({ version: 1, approvals: change(approvals) }, null, 2)}\n`);
  });
}

export function approvalFor(server: ServerEntry, now: Date): Approval {
  const launch = launchOf(server);
  return { name: server.name, fingerprint: launchFingerprint(launch), launch, approvedAt: now.toISOString(), approvedFrom: server.id };
}

export async function approveServers(dir: string, servers: readonly ServerEntry[], now = new Date()): Promise<void> {
  await updateApprovals(dir, (approvals) => {
    const result = [...approvals];
    for (const server of servers) {
      const approval = approvalFor(server, now);
      if (!result.some((existing) => existing.fingerprint === approval.fingerprint && existing.name === approval.name)) result.push(approval);
    }
    return result;
  });
}

export async function revokeApproval(dir: string, server: ServerEntry): Promise<void> {
  const fingerprint = launchFingerprint(launchOf(server));
  await updateApprovals(dir, (approvals) => approvals.filter((approval) => approval.fingerprint !== fingerprint));
}

// `mcp-warden audit`: reads the audit log the proxies write (rotated files first, oldest to
// newest, then the live file), validates every line, and prints a table or JSON lines. Damaged
// lines are skipped and reported (how many, and where the first one is), never fatal.
import * as z from 'zod';
import { AuditTail, auditDirectory, readAuditLog } from '../core/audit/reader.js';
import { currentHost } from '../core/node-host.js';
import type { ProxyEvent } from '../core/proxy/events.js';
import { stateDirectory } from '../core/state/state-dir.js';
import { parseCommandLine, UsageError } from './command-line.js';

export const AUDIT_HELP = `  mcp-warden audit [--server ID] [--since ISO|DURATION] [--json] [--follow] [--state-dir DIR]
                                          the proxies' audit log (sessions and message summaries)
`;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO 8601 time, or a duration back from `now` such as 15m, 2h, 7d. */
export function parseSince(text: string, now: number): number {
  const duration = DURATION.exec(text);
  if (duration) return now - Number(duration[1]) * UNIT_MS[duration[2]!]!;
  const parsed = z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).safeParse(text);
  const time = parsed.success ? Date.parse(parsed.data) : Number.NaN;
  if (Number.isNaN(time)) throw new UsageError(`--since: expected an ISO time (2026-01-31T12:00:00Z) or a duration (30s, 15m, 2h, 7d), got ${JSON.stringify(text)}`);
  return time;
}

const auditOptionsSchema = z.object({
  server: z.string().min(1).optional(),
  since: z.string().min(1).optional(),
  json: z.boolean(),
  follow: z.boolean(),
  stateDir: z.string().min(1).optional(),
});

function parseAuditArgs(argv: readonly string[]): z.infer<typeof auditOptionsSchema> {
  return parseCommandLine(argv, {
    options: {
      server: { type: 'string' },
      since: { type: 'string' },
      json: { type: 'boolean' },
      follow: { type: 'boolean', short: 'f' },
      'state-dir': { type: 'string' },
    },
    allowPositionals: false,
    schema: auditOptionsSchema,
    input: ({ values }) => ({ server: values.server, since: values.since, json: values.json ?? false, follow: values.follow ?? false, stateDir: values['state-dir'] }),
  });
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** One readable line per event. */
export function formatAuditEvent(event: ProxyEvent): string {
  const when = new Date(event.time).toISOString().replace('T', ' ').replace('Z', '');
  const head = `${when}  ${pad(event.serverId.length > 28 ? `…${event.serverId.slice(-27)}` : event.serverId, 28)}  ${pad(event.sessionId, 28)}`;
  switch (event.type) {
    case 'session-start':
      return `${head}  START   ${event.command} ${event.args.join(' ')} (proxy ${event.proxyPid}${event.serverPid ? `, server ${event.serverPid}` : ''})`;
    case 'session-end':
      return `${head}  END     exit ${event.exitCode ?? event.signal ?? '—'}, ${event.reason}, ${event.messages} messages, ${(event.durationMs / 1000).toFixed(1)} s`;
    case 'warning':
      return `${head}  WARN    ${event.message}`;
    case 'message': {
      const arrow = event.direction === 'client-to-server' ? '→' : '←';
      const parts = [`#${event.seq}`, arrow, event.kind, event.method ?? '', event.subject ? `(${event.subject})` : '', event.id !== undefined ? `id=${JSON.stringify(event.id)}` : '', `${event.size} B`];
      if (event.latencyMs !== undefined) parts.push(`${event.latencyMs.toFixed(1)} ms`);
      if (event.error) parts.push(`error ${event.error.code}: ${event.error.message}`);
      if (event.verdict !== 'pass') parts.push(`verdict=${event.verdict}`);
      return `${head}  MSG     ${parts.filter((part) => part.length > 0).join(' ')}`;
    }
  }
}

export interface AuditIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  now: () => number;
  /** --follow ends when this resolves (SIGINT in the real CLI). */
  stopped: Promise<void>;
}

function defaultIo(): AuditIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    now: () => Date.now(),
    stopped: new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }),
  };
}

/** Runs `mcp-warden audit`; returns the exit code (0, or 2 for a usage error thrown to main). */
export async function runAudit(argv: string[], io: AuditIo = defaultIo()): Promise<number> {
  const options = parseAuditArgs(argv);
  const since = options.since === undefined ? undefined : parseSince(options.since, io.now());
  const stateDir = options.stateDir ?? stateDirectory(currentHost());
  const dir = auditDirectory(stateDir);
  const wanted = (event: ProxyEvent): boolean => (options.server === undefined || event.serverId === options.server) && (since === undefined || event.time >= since);
  const print = (event: ProxyEvent): void => io.stdout(`${options.json ? JSON.stringify(event) : formatAuditEvent(event)}\n`);

  const { events, damaged, files, live } = await readAuditLog(dir, wanted);
  if (files.length === 0 && !options.follow) {
    io.stderr(`mcp-warden: no audit log in ${dir} (no protected server has run yet)\n`);
    return 0;
  }
  for (const event of events) print(event);
  if (damaged.count > 0) {
    io.stderr(`mcp-warden: skipped ${damaged.count} damaged line${damaged.count === 1 ? '' : 's'} (first: ${damaged.first!.file}:${damaged.first!.line})\n`);
  }
  if (!options.follow) return 0;

  // Follow: from where the read above stopped, so nothing appended in between is missed.
  let skipped = 0;
  const tail = new AuditTail({
    dir,
    backlogBytes: 0,
    ...(live ? { resumeFrom: live } : {}),
    onEvents: (appended) => {
      for (const event of appended) if (wanted(event)) print(event);
    },
    onDamaged: () => {
      skipped++;
      io.stderr(`mcp-warden: skipped a damaged line (${skipped} so far)\n`);
    },
  });
  tail.start();
  // The tail's timer does not hold the process open (the extension shares it); here, following is the point.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await io.stopped;
  clearInterval(keepAlive);
  tail.poll();
  tail.stop();
  return 0;
}

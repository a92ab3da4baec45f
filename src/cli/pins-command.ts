// `mcp-warden pins list | show SERVER | diff SERVER [ITEM…] | approve SERVER [ITEM…|--all] | reset SERVER`:
// the command-line review of what the proxy withheld because a server changed what it offers.
import * as z from 'zod';
import { currentHost } from '../core/node-host.js';
import { canonicalJson } from '../core/pins/canonical.js';
import { readFirstSightSetting, settingsPath, writeFirstSightSetting } from '../core/pins/pin-policy.js';
import { listPinFiles, removePins, type PinFileEntry } from '../core/pins/pin-store.js';
import { approvePending, findPins, pendingFor, pinFileName, reviewTexts } from '../core/pins/review.js';
import { unifiedDiff } from '../core/protect/diff.js';
import { stateDirectory } from '../core/state/state-dir.js';
import { parseCommandLine, UsageError } from './command-line.js';

export const PINS_HELP = `  mcp-warden pins list                    pinned servers, with pending reviews (changes the proxy withholds)
  mcp-warden pins show SERVER             the pinned items of a server and its pending reviews
  mcp-warden pins diff SERVER [ITEM...]   unified diff of pinned vs offered definitions, invisible characters shown
  mcp-warden pins approve SERVER [ITEM...|--all]
                                 pin what the server offers now; running sessions are told to list again
  mcp-warden pins reset SERVER            forget a server's pins (also a damaged pin file); it is seen anew next time
  mcp-warden pins first-sight [trust|hold]
                                 show or set what a server seen for the first time gets: pinned as offered
                                 (trust, default) or withheld until approved (hold); proxies read it at start
                                 SERVER: a server id, its name, or the pin file name from "pins list";
                                 ITEM: a name/URI or kind:name (tool:x); "launch" accepts an edited command line.
                                 All pins commands take --state-dir DIR (default ~/.mcp-warden or MCP_WARDEN_HOME).
`;

const pinsArgsSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('list'), stateDir: z.string().min(1).optional() }),
  z.object({ action: z.literal('first-sight'), mode: z.enum(['trust', 'hold'], { message: 'first-sight is trust or hold' }).optional(), stateDir: z.string().min(1).optional() }),
  z.object({ action: z.enum(['show', 'reset']), server: z.string().min(1, 'name a SERVER'), stateDir: z.string().min(1).optional() }),
  z.object({ action: z.literal('diff'), server: z.string().min(1, 'name a SERVER'), items: z.array(z.string().min(1)), stateDir: z.string().min(1).optional() }),
  z
    .object({ action: z.literal('approve'), server: z.string().min(1, 'name a SERVER'), items: z.array(z.string().min(1)), all: z.boolean(), stateDir: z.string().min(1).optional() })
    .refine((args) => args.all !== args.items.length > 0, { message: 'name the items to approve, or use --all (not both)' }),
]);

export type PinsArgs = z.infer<typeof pinsArgsSchema>;

export function parsePinsArgs(argv: readonly string[]): PinsArgs {
  return parseCommandLine(argv, {
    options: { all: { type: 'boolean' }, 'state-dir': { type: 'string' } },
    schema: pinsArgsSchema,
    flags: false,
    input: ({ values, positionals }) => {
      const [action, server, ...items] = positionals;
      if (action === undefined) throw new UsageError('pins needs an action: list, show, diff, approve or reset');
      if (!['list', 'show', 'diff', 'approve', 'reset', 'first-sight'].includes(action)) throw new UsageError(`unknown pins action "${action}"`);
      if (action === 'first-sight' && items.length > 0) throw new UsageError('too many arguments for pins first-sight');
      if ((action === 'list' && server !== undefined) || ((action === 'show' || action === 'reset') && items.length > 0)) throw new UsageError(`too many arguments for pins ${action}`);
      if (values.all && action !== 'approve') throw new UsageError('--all is an option of pins approve');
      return { action, server: server ?? '', mode: server, items, all: values.all ?? false, stateDir: values['state-dir'] };
    },
  });
}

function describeLaunch(launch: unknown): string {
  if (typeof launch === 'object' && launch !== null && typeof (launch as { command?: unknown }).command === 'string') {
    const { command, args } = launch as { command: string; args?: unknown };
    return [command, ...(Array.isArray(args) ? args.map(String) : [])].map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word))).join(' ');
  }
  return canonicalJson(launch ?? null);
}

function summary(entry: PinFileEntry): string {
  const name = pinFileName(entry);
  if (entry.load.state !== 'pinned') return `${name}  DAMAGED: ${entry.load.state === 'damaged' ? entry.load.problem : 'absent'}\n  Nothing of this server is trusted until: mcp-warden pins reset ${name}\n`;
  const pins = entry.load.pins;
  const pending = pins.pending ?? [];
  const counts = ['changed', 'added', 'removed'].map((change) => [change, pending.filter((record) => record.change === change).length] as const).filter(([, count]) => count > 0);
  const lines = [
    `${name}  ${pins.items.length} pinned${pending.length > 0 ? `, PENDING: ${counts.map(([change, count]) => `${count} ${change}`).join(', ')}` : ''}${pins.launchChange ? ', launch changed' : ''}`,
    `  servers: ${(pins.serverIds ?? []).join(', ') || '(none recorded)'}`,
    `  launch:  ${describeLaunch(pins.launch)}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function runPins(argv: string[], write: (text: string) => void = (text) => void process.stdout.write(text)): Promise<number> {
  const args = parsePinsArgs(argv);
  const stateDir = args.stateDir ?? stateDirectory(currentHost());
  if (args.action === 'first-sight') {
    if (args.mode) await writeFirstSightSetting(stateDir, args.mode);
    const mode = readFirstSightSetting(stateDir) ?? 'trust';
    write(`First sight: ${mode} (${mode === 'trust' ? 'a new server is pinned as it is first offered' : 'a new server offers nothing until approved'}); in ${settingsPath(stateDir)}.\n`);
    return 0;
  }
  if (args.action === 'list') {
    const entries = await listPinFiles(stateDir);
    if (entries.length === 0) write(`No pinned servers in ${stateDir}.\n`);
    for (const entry of entries) write(summary(entry));
    return 0;
  }
  const entry = await findPins(stateDir, args.server).catch((error: Error) => {
    throw new UsageError(error.message);
  });
  if (args.action === 'reset') {
    if (entry.serverKey !== undefined) await removePins(stateDir, entry.serverKey, entry.file);
    else await removePins(stateDir, pinFileName(entry), entry.file);
    write(`Forgot the pins of ${pinFileName(entry)}; the server is seen for the first time in its next session.\n`);
    return 0;
  }
  if (entry.load.state !== 'pinned') {
    write(summary(entry));
    return 1;
  }
  const pins = entry.load.pins;
  if (args.action === 'show') {
    write(summary(entry));
    if (pins.launchChange) write(`  launch changed (seen by ${pins.launchChange.serverId} at ${pins.launchChange.seenAt}): was ${describeLaunch(pins.launchChange.from)}\n`);
    for (const item of [...pins.items].sort((a, b) => `${a.kind}:${a.key}`.localeCompare(`${b.kind}:${b.key}`))) write(`  pinned   ${item.kind}:${item.key}  ${item.hash.slice(0, 19)}\n`);
    for (const record of pins.pending ?? []) write(`  PENDING  ${record.kind}:${record.key}  ${record.change} (seen ${record.seenAt}${record.seenBy ? ` by ${record.seenBy}` : ''})\n`);
    return 0;
  }
  if (args.action === 'diff') {
    const records = pendingFor(pins, args.items);
    if (records.length === 0) {
      write(args.items.length > 0 ? `No pending review of ${args.items.join(', ')}.\n` : 'Nothing pending: the server offers what was approved.\n');
      return args.items.length > 0 ? 1 : 0;
    }
    if (pins.launchChange && args.items.length === 0) write(unifiedDiff('launch', `${describeLaunch(pins.launchChange.from)}\n`, `${describeLaunch(pins.launchChange.to)}\n`));
    for (const record of records) {
      const { before, after } = reviewTexts(pins, record);
      write(`# ${record.kind} ${record.key}: ${record.change}\n`);
      write(unifiedDiff(`${record.kind}/${record.key}`, before, after) || '(the definitions read the same; only their hashes differ)\n');
    }
    return 0;
  }
  if (args.action !== 'approve') return 2;
  const result = await approvePending(stateDir, entry, args.items, args.all);
  for (const record of result.approved) write(`Approved ${record.kind} "${record.key}" (${record.change}).\n`);
  if (result.launchAccepted) write('Accepted the edited launch.\n');
  if (result.approved.length === 0 && !result.launchAccepted) write('Nothing to approve.\n');
  if (result.unknown.length > 0) {
    write(`No pending review of ${result.unknown.join(', ')}.\n`);
    return 1;
  }
  return 0;
}

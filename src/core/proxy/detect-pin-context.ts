// What detection in the proxy reads from the pin store (read only, docs/detectors.md "In the
// proxy"): the pinned hash of each of this server's items, for provenance, and the other servers
// with their pinned tool names, for the cross-server rules. The snapshot is read in the
// background when the proxy starts and again when a list result passes, but only re-parsed when
// a pin file changed (names, sizes and times of the files); calls read it synchronously.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CrossServerContext, KnownServer } from '../detect/index.js';
import { listPinFiles, type PinFile } from '../pins/pin-store.js';

export type PinnedKind = 'tool' | 'prompt' | 'resource';

/** The part of the pin store detection uses; the proxy passes a PinContext, tests may pass their own. */
export interface DetectPinSource {
  /** `sha256:…` pinned for this server's item, when it is pinned. */
  pinnedHash(kind: PinnedKind, key: string): string | undefined;
  /** The other servers Warden has pinned, or undefined when there are none. */
  crossServer(): CrossServerContext | undefined;
  /** Resolves once the snapshot reflects the pin files as they are now. */
  refresh(): Promise<void>;
}

/** A server id is `client:scope:path:name` (or just a name): its name is the last segment. */
export function serverName(serverId: string): string {
  return serverId.slice(serverId.lastIndexOf(':') + 1);
}

interface Snapshot {
  pinned: Map<string, string>;
  crossServer: CrossServerContext | undefined;
}

/** Reduces the pin files to this server's pinned hashes and the other servers' names and tools. */
export function snapshotOf(files: readonly PinFile[], serverId: string): Snapshot {
  const own = files.filter((pins) => (pins.serverIds ?? []).includes(serverId));
  // A server whose launch changed has an older pin file too: the newest is the one in use.
  const current = [...own].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
  const pinned = new Map((current?.items ?? []).map((item) => [`${item.kind}:${item.key}`, item.hash]));
  const self = serverName(serverId);
  const byName = new Map<string, Set<string>>();
  for (const pins of files) {
    if (own.includes(pins)) continue;
    const tools = pins.items.filter((item) => item.kind === 'tool').map((item) => item.key);
    for (const id of pins.serverIds ?? []) {
      const name = serverName(id);
      // The same server configured in another client is not another server.
      if (name === self || name.length === 0) continue;
      const set = byName.get(name) ?? new Set<string>();
      for (const tool of tools) set.add(tool);
      byName.set(name, set);
    }
  }
  const servers: KnownServer[] = [...byName].map(([name, tools]) => ({ name, tools: [...tools] }));
  return { pinned, crossServer: servers.length > 0 ? { self, servers } : undefined };
}

export class PinContext implements DetectPinSource {
  private snapshot: Snapshot = { pinned: new Map(), crossServer: undefined };
  private stamp = '';
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly stateDir: string,
    private readonly serverId: string,
    private readonly warn: (message: string) => void = () => undefined,
  ) {
    void this.refresh();
  }

  pinnedHash(kind: PinnedKind, key: string): string | undefined {
    return this.snapshot.pinned.get(`${kind}:${key}`);
  }

  crossServer(): CrossServerContext | undefined {
    return this.snapshot.crossServer;
  }

  refresh(): Promise<void> {
    // One reload at a time, in order: a refresh asked for during a reload runs after it.
    this.queue = this.queue.then(() => this.reload());
    return this.queue;
  }

  private async reload(): Promise<void> {
    try {
      const stamp = await this.currentStamp();
      if (stamp === this.stamp) return;
      const entries = await listPinFiles(this.stateDir);
      const files = entries.flatMap((entry) => (entry.load.state === 'pinned' ? [entry.load.pins] : []));
      this.snapshot = snapshotOf(files, this.serverId);
      this.stamp = stamp;
    } catch (error) {
      // Detection keeps working without the context; the pin policy reports broken pin files itself.
      this.warn(`detection could not read the pin store: ${(error as Error).message}`);
    }
  }

  private async currentStamp(): Promise<string> {
    const dir = path.join(this.stateDir, 'pins');
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.json')).sort();
    const parts = await Promise.all(
      names.map(async (name) => {
        const info = await fs.stat(path.join(dir, name)).catch(() => undefined);
        return info ? `${name}:${info.size}:${info.mtimeMs}:${info.ino}` : `${name}:gone`;
      }),
    );
    return parts.join('|');
  }
}

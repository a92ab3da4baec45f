// One VS Code window's attempt to host the hub, for the takeover race in hub.test.ts: it waits
// for "go" on stdin (so every attempt starts at the same moment; it says `ready` first), tries to start the hub, and
// prints what happened: `started`, `busy` or `failed <reason>`, then `connected` for every proxy
// that authenticates with it. It stays up until its stdin closes.
import { createInterface } from 'node:readline';
import { HubBusyError, HubServer } from '../../../src/core/hub/server.js';

const stateDir = process.argv[2]!;
const lines = createInterface({ input: process.stdin });
let hub: HubServer | undefined;

lines.once('line', () => {
  HubServer.start({ stateDir, onEvent: () => undefined, onConnect: () => process.stdout.write('connected\n') }).then(
    (started) => {
      hub = started;
      process.stdout.write('started\n');
    },
    (error: unknown) => process.stdout.write(error instanceof HubBusyError ? 'busy\n' : `failed ${error instanceof Error ? error.message : String(error)}\n`),
  );
});

process.stdout.write('ready\n');

lines.once('close', () => {
  void (hub?.close() ?? Promise.resolve()).then(() => process.exit(0));
});

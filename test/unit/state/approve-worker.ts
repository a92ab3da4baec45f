// Run as a separate process by approvals.test.ts to approve one server concurrently with others.
import { approveServers } from '../../../src/core/state/approvals.js';
import { vscodeServers } from '../core/parse-vscode.js';

const [dir, index] = process.argv.slice(2);
const [server] = vscodeServers(JSON.stringify({ servers: { [`server-${index}`]: { command: 'node', args: [`server-${index}.js`] } } }));
await approveServers(dir!, [server!]);

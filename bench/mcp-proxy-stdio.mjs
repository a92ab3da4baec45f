#!/usr/bin/env node
// The `mcp-proxy` npm package as a stdio↔stdio relay, for comparison in bench/proxy.bench.ts: its
// proxyServer (the core its own CLI wraps in HTTP) between an SDK Server on this process's stdio
// and an SDK Client that starts the real server, wired the way its CLI wires them.
//
//   node bench/mcp-proxy-stdio.mjs <command> [args…]
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Server } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import { proxyServer } from 'mcp-proxy';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: mcp-proxy-stdio.mjs <command> [args…]\n');
  process.exit(2);
}
const client = new Client({ name: 'mcp-proxy', version: '1.0.0' }, { capabilities: {} });
await client.connect(new StdioClientTransport({ command, args, stderr: 'inherit' }));
const serverCapabilities = client.getServerCapabilities() ?? {};
const server = new Server(client.getServerVersion() ?? { name: 'upstream', version: '0' }, { capabilities: serverCapabilities, instructions: client.getInstructions() });
await proxyServer({ client, server, serverCapabilities });
const transport = new StdioServerTransport();
transport.onclose = () => void client.close().then(() => process.exit(0));
await server.connect(transport);

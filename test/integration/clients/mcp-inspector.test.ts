// The MCP Inspector's CLI mode (@modelcontextprotocol/inspector from npm) as a real client of
// servers from npm, directly and through the Warden proxy. Its `--config` file has the
// `mcpServers` shape of Claude Desktop's, so the test writes Claude Desktop's config as a user
// would, runs the Inspector against it, runs `mcp-warden protect --all`, runs the same Inspector
// calls against the rewritten file, and compares what the Inspector printed byte for byte; the
// proxy's audit log shows every call went through it, and `unprotect --all` gives the file back.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { buildWarden, CLIENTS_DIR, describeRun, ensureClients, protectAll, readAudit, ROOT, runProgram, sandbox, unprotectAll, type Sandbox } from './helpers.js';

const INSPECTOR = path.join(CLIENTS_DIR, 'inspector', 'node_modules', '@modelcontextprotocol', 'inspector', 'clients', 'launcher', 'build', 'index.js');
const EVERYTHING = path.join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
const FILESYSTEM = path.join(ROOT, 'node_modules', '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');

let node: string;
let box: Sandbox;
let config: string;
let original: Buffer;
let shared: string;

/** One call per line: [server, Inspector arguments]. Chosen to be deterministic (no clocks, no random ids). */
function calls(): [string, string[]][] {
  const file = path.join(shared, 'notes.txt');
  return [
    ['everything', ['--method', 'tools/list']],
    ['everything', ['--method', 'tools/call', '--tool-name', 'echo', '--tool-arg', 'message=hello through Warden']],
    ['everything', ['--method', 'tools/call', '--tool-name', 'get-sum', '--tool-arg', 'a=2', 'b=40']],
    ['everything', ['--method', 'tools/call', '--tool-name', 'get-tiny-image']],
    ['everything', ['--method', 'prompts/list']],
    ['everything', ['--method', 'prompts/get', '--prompt-name', 'args-prompt', '--prompt-args', 'city=Oslo', 'state=Viken']],
    ['everything', ['--method', 'resources/list']],
    ['everything', ['--method', 'resources/templates/list']],
    ['everything', ['--method', 'resources/read', '--uri', 'demo://resource/static/document/features.md']],
    ['filesystem', ['--method', 'tools/list']],
    ['filesystem', ['--method', 'tools/call', '--tool-name', 'list_directory', '--tool-arg', `path=${shared}`]],
    ['filesystem', ['--method', 'tools/call', '--tool-name', 'read_text_file', '--tool-arg', `path=${file}`]],
    ['filesystem', ['--method', 'tools/call', '--tool-name', 'search_files', '--tool-arg', `path=${shared}`, 'pattern=notes']],
    ['filesystem', ['--method', 'tools/call', '--tool-name', 'read_text_file', '--tool-arg', `path=${path.join(box.home, 'outside.txt')}`]],
  ];
}

async function inspect(server: string, args: string[]): Promise<string> {
  const r = await runProgram(node, [INSPECTOR, '--cli', '--config', config, '--server', server, ...args], { cwd: box.project, env: box.env, timeoutMs: 90_000 });
  assert.ok(!r.timedOut, `the Inspector timed out on ${server} ${args.join(' ')}:\n${describeRun(r)}`);
  // A call the server refuses (a path outside the allowed folder) is an answer too: compare it as well.
  return `exit ${r.code}\n${r.stdout}`;
}

before(() => {
  ({ node } = ensureClients());
  buildWarden();
  box = sandbox('inspector');
  shared = path.join(box.project, 'shared');
  mkdirSync(shared, { recursive: true });
  writeFileSync(path.join(shared, 'notes.txt'), 'first line\nsecond line: ünïcödé ✓\n');
  writeFileSync(path.join(box.home, 'outside.txt'), 'not for the server\n');
  config = path.join(box.home, '.config', 'Claude', 'claude_desktop_config.json');
  mkdirSync(path.dirname(config), { recursive: true });
  const text = `${JSON.stringify(
    {
      mcpServers: {
        everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] },
        filesystem: { command: process.execPath, args: [FILESYSTEM, shared] },
      },
    },
    null,
    2,
  )}\n`;
  writeFileSync(config, text);
  original = Buffer.from(text);
});

test('the MCP Inspector CLI gets byte-identical answers from server-everything and server-filesystem directly and through the proxy', { timeout: 15 * 60_000 }, async () => {
  const direct: string[] = [];
  for (const [server, args] of calls()) direct.push(await inspect(server, args));
  assert.match(direct[1]!, /hello through Warden/, 'the echo call did not answer');
  assert.match(direct[11]!, /second line: ünïcödé ✓/, 'the file was not read');
  assert.match(direct[13]!, /outside|denied|not allowed/i, 'a path outside the allowed folder must be refused');
  assert.equal(readAudit(box).length, 0, 'nothing went through Warden before protect');

  const report = protectAll(box, config);
  assert.match(report, /Claude Desktop/);

  const proxied: string[] = [];
  for (const [server, args] of calls()) proxied.push(await inspect(server, args));
  calls().forEach(([server, args], index) => {
    assert.equal(proxied[index], direct[index], `${server} ${args.join(' ')} answered differently through the proxy`);
  });

  const relayed = readAudit(box).filter((line) => line.type === 'message' && line.direction === 'client-to-server');
  const methodsOf = (server: string) => new Set(relayed.filter((line) => String(line.serverId).endsWith(`:${server}`)).map((line) => line.method));
  for (const method of ['initialize', 'tools/list', 'tools/call', 'prompts/list', 'prompts/get', 'resources/list', 'resources/templates/list', 'resources/read']) {
    assert.ok(methodsOf('everything').has(method), `server-everything: no ${method} in the proxy's audit log`);
  }
  for (const method of ['initialize', 'tools/list', 'tools/call']) {
    assert.ok(methodsOf('filesystem').has(method), `server-filesystem: no ${method} in the proxy's audit log`);
  }

  unprotectAll(box, config, original);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterFor, allAdapters } from '../../../src/core/clients/index.js';
import { codexAdapter } from '../../../src/core/clients/codex.js';
import { continueAdapter } from '../../../src/core/clients/continue.js';
import { cursorAdapter } from '../../../src/core/clients/cursor.js';
import { gooseAdapter } from '../../../src/core/clients/goose.js';
import { opencodeAdapter } from '../../../src/core/clients/opencode.js';
import { vscodeAdapter } from '../../../src/core/clients/vscode.js';
import { claudeCodeAdapter } from '../../../src/core/clients/claude-code.js';
import { lineOf, parse, slice } from './helpers.js';

const json = (text: string) => parse(cursorAdapter, { text }, { path: '/home/dev/.cursor/mcp.json', format: 'json' });

test('malformed JSON: a syntax error finding with a position, and the servers before it still listed', () => {
  const parsed = json('{\n  "mcpServers": {\n    "a": { "command": "x" },\n    "b": { "command": "y" \n');
  const syntax = parsed.problems.filter((problem) => problem.ruleId === 'config-syntax');
  assert.ok(syntax.length > 0);
  assert.equal(syntax[0]!.severity, 'error');
  assert.equal(syntax[0]!.file, '/home/dev/.cursor/mcp.json');
  assert.match(syntax[0]!.message, /syntax error/);
  assert.ok(syntax[0]!.range);
  assert.deepEqual(parsed.servers.map((server) => server.name), ['a', 'b']);
});

test('args given as a string: a config-shape warning on that string, the server kept', () => {
  const parsed = json('{"mcpServers": {"github": {"command": "npx", "args": "-y @modelcontextprotocol/server-github"}}}');
  assert.equal(parsed.server('github').command?.value, 'npx');
  assert.deepEqual(parsed.server('github').args, []);
  const [problem] = parsed.problems;
  assert.equal(problem?.ruleId, 'config-shape');
  assert.equal(problem?.severity, 'warning');
  assert.equal(problem?.message, 'server "github": "args" must be a list of strings, found a string');
  assert.equal(slice(parsed.text, problem?.range), '"-y @modelcontextprotocol/server-github"');
  assert.equal(problem?.serverName, 'github');
});

test('a bad argument is dropped with a finding; the other arguments keep their ranges', () => {
  const parsed = json('{"mcpServers": {"s": {"command": "node", "args": ["a.js", {"x": 1}, "--port", 8080]}}}');
  assert.deepEqual(parsed.server('s').args.map((arg) => slice(parsed.text, arg.range)), ['"a.js"', '"--port"', '8080']);
  assert.deepEqual(parsed.problems.map((problem) => [problem.message, slice(parsed.text, problem.range)]), [
    ['server "s": item 2 of "args" must be a string, found an object', '{"x": 1}'],
  ]);
});

test('an entry that is not an object, env that is not an object, and a non-object server map', () => {
  const parsed = json('{"mcpServers": {"a": "npx foo", "b": {"command": "b", "env": ["K=V"]}}}');
  assert.deepEqual(parsed.servers.map((server) => server.name), ['b']);
  assert.deepEqual(parsed.problems.map((problem) => problem.message), [
    'server "a" must be an object, found a string',
    'server "b": "env" must be an object of names to strings, found a list',
  ]);
  const list = json('{"mcpServers": [{"command": "x"}]}');
  assert.deepEqual(list.servers, []);
  assert.match(list.problems[0]!.message, /"mcpServers" must be an object mapping server names/);
  const top = json('["not", "an", "object"]');
  assert.match(top.problems[0]!.message, /top level, found a list/);
});

test('duplicate server names: a warning on the second key, and only the definition the client uses', () => {
  const parsed = json('{"mcpServers": {\n  "a": {"command": "old"},\n  "a": {"command": "new"}\n}}');
  assert.deepEqual(parsed.servers.map((server) => server.command?.value), ['new']);
  const [problem] = parsed.problems;
  assert.equal(problem?.severity, 'warning');
  assert.match(problem?.message ?? '', /duplicate key "a"/);
  assert.equal(lineOf(problem?.range), 3);
});

test('an entry with neither command nor url is reported and flagged', () => {
  const parsed = json('{"mcpServers": {"empty": {"env": {"A": "1"}}}}');
  assert.equal(parsed.server('empty').transport, 'stdio');
  assert.match(parsed.problems[0]!.message, /server "empty" has neither a command nor a URL/);
});

test('unknown type values are findings, and the transport is inferred from the fields', () => {
  const parsed = parse(vscodeAdapter, { text: '{"servers": {"x": {"type": "websocket", "url": "wss://x"}}}' }, { path: '/w/.vscode/mcp.json', format: 'jsonc' });
  assert.equal(parsed.server('x').transport, 'http');
  assert.equal(parsed.problems[0]?.message, 'server "x": unknown "type" "websocket"');
});

test('malformed TOML: syntax error with a line; wrong value types are shape findings', () => {
  const broken = parse(codexAdapter, { text: 'model = "o3"\n[mcp_servers.a\ncommand = "x"\n' }, { path: '/c.toml', format: 'toml' });
  assert.equal(broken.problems[0]?.ruleId, 'config-syntax');
  assert.equal(broken.problems[0]?.severity, 'error');
  assert.equal(lineOf(broken.problems[0]?.range), 3);
  const duplicate = parse(codexAdapter, { text: '[mcp_servers.a]\ncommand = "x"\ncommand = "y"\n' }, { path: '/c.toml', format: 'toml' });
  assert.equal(duplicate.problems[0]?.ruleId, 'config-syntax');
  assert.equal(lineOf(duplicate.problems[0]?.range), 3);
  const shapes = parse(codexAdapter, { text: '[mcp_servers.a]\ncommand = "x"\nargs = "y"\nenabled = "no"\n' }, { path: '/c.toml', format: 'toml' });
  assert.equal(shapes.server('a').disabled, false);
  assert.deepEqual(shapes.problems.map((problem) => [problem.message, slice(shapes.text, problem.range)]), [
    ['server "a": "args" must be a list of strings, found a string', '"y"'],
    ['server "a": "enabled" must be true or false, found a string', '"no"'],
  ]);
});

test('malformed YAML and duplicate YAML keys are findings with positions', () => {
  const broken = parse(gooseAdapter, { text: 'extensions:\n  a: [\n' }, { path: '/g.yaml', format: 'yaml' });
  assert.ok(broken.problems.some((problem) => problem.ruleId === 'config-syntax' && problem.severity === 'error'));
  const duplicate = parse(gooseAdapter, { text: 'extensions:\n  a:\n    cmd: x\n    cmd: y\n' }, { path: '/g.yaml', format: 'yaml' });
  assert.equal(duplicate.problems[0]?.severity, 'warning');
  assert.equal(lineOf(duplicate.problems[0]?.range), 4);
  assert.equal(duplicate.server('a').command?.value, 'y');
});

test('Continue list entries without a usable name are numbered, not lost', () => {
  const parsed = parse(continueAdapter, { text: 'mcpServers:\n  - command: x\n  - name: 5\n    command: y\n  - just a string\n' }, { path: '/c.yaml', format: 'yaml' });
  assert.deepEqual(parsed.servers.map((server) => [server.name, server.command?.value]), [
    ['#1', 'x'],
    ['#2', 'y'],
  ]);
  assert.deepEqual(parsed.problems.map((problem) => problem.message), [
    'server 2 of "mcpServers": "name" must be a non-empty string, found a number',
    'server "#3" must be an object, found a string',
  ]);
});

test('opencode: a command written as one string is still listed, with a finding', () => {
  const parsed = parse(opencodeAdapter, { text: '{"mcp": {"a": {"type": "local", "command": "npx foo"}}}' }, { path: '/o.json', format: 'jsonc' });
  assert.equal(parsed.server('a').command?.value, 'npx foo');
  assert.match(parsed.problems[0]!.message, /"command" must be a list \(the program, then its arguments\), found a string/);
});

test('Claude Code: a project whose mcpServers is not an object gets a finding naming the project', () => {
  const parsed = parse(claudeCodeAdapter, { text: '{"projects": {"/p": {"mcpServers": ["x"]}, "/q": 5}}' }, { path: '/home/dev/.claude.json', format: 'json' });
  assert.deepEqual(parsed.servers, []);
  assert.equal(parsed.problems.length, 1);
  assert.match(parsed.problems[0]!.message, /^project "\/p": "mcpServers" must be an object mapping server names to their definitions, found a list$/);
});

test('no adapter throws on garbage, empty files or binary noise', () => {
  const inputs = ['', '   ', 'null', '{', '[', '"str"', '42', '\u0000\u0001\uFFFD', 'a: [', '= = =', '{"mcpServers": null, "servers": 5, "mcp": "x"}'];
  for (const adapter of allAdapters) {
    for (const format of ['json', 'jsonc', 'toml', 'yaml'] as const) {
      for (const text of inputs) {
        const outcome = adapter.parse(text, { client: adapter.id, scope: 'user', path: '/f', format });
        assert.ok(Array.isArray(outcome.servers) && Array.isArray(outcome.problems), `${adapter.id} ${format} ${JSON.stringify(text)}`);
      }
    }
  }
});

test('Continue Hub references (uses:) are not listed but leave an info finding', () => {
  const parsed = parse(continueAdapter, { text: 'mcpServers:\n  - uses: anthropic/memory-mcp\n  - name: local\n    command: x\n' }, { path: '/c.yaml', format: 'yaml' });
  assert.deepEqual(parsed.servers.map((server) => server.name), ['local']);
  assert.equal(parsed.problems[0]?.severity, 'info');
  assert.match(parsed.problems[0]!.message, /Continue Hub block "anthropic\/memory-mcp"/);
});

test('Zed: a command object without "path" is a finding on that object', () => {
  const parsed = parse(adapterFor('zed')!, { text: '{"context_servers": {"z": {"command": {"args": ["--stdio"]}}}}' }, { path: '/z.json', format: 'jsonc' });
  assert.deepEqual(parsed.server('z').args.map((arg) => arg.value), ['--stdio']);
  assert.deepEqual(parsed.problems.map((problem) => [problem.message, slice(parsed.text, problem.range)]), [
    ['server "z": "command" has no "path" naming the program to run', '{"args": ["--stdio"]}'],
  ]);
});

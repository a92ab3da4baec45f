// Quick fixes on Warden's diagnostics. Actions that change a config are WorkspaceEdits the user
// saves (and can undo); approving and navigating are commands. Edits only for JSON/JSONC files.
import path from 'node:path';
import * as vscode from 'vscode';
import * as z from 'zod';
import type { Finding, Located, ServerEntry } from '../core/model.js';
import type { InventoryItem } from '../core/scan-result.js';
import { existingInputIds, formattingFor, hasArray, inputId, modifications, replaceSecret, variableName, type TextChange } from './config-edits.js';
import { DIAGNOSTIC_SOURCE, type ExtraFindings } from './diagnostics.js';
import type { InventoryService } from './inventory-service.js';
import { toRange } from './ranges.js';

const SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'json' },
  { scheme: 'file', language: 'jsonc' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'file', language: 'toml' },
  { scheme: 'file', pattern: '**/*.{toml,yaml,yml}' },
];

interface SecretLocation {
  field: 'env' | 'headers';
  key: string;
  located: Located;
}

/** Which env or header value holds the secret a finding points at. */
export function secretLocation(server: ServerEntry, finding: Finding): SecretLocation | undefined {
  const data = finding.data ?? {};
  const field = data.field === 'env' || data.field === 'headers' ? data.field : undefined;
  const key = typeof data.key === 'string' ? data.key : typeof data.name === 'string' ? data.name : undefined;
  if (field && key && server[field][key]) return { field, key, located: server[field][key] };
  const offset = finding.range?.offset;
  if (offset === undefined) return undefined;
  for (const candidate of ['env', 'headers'] as const) {
    if (field && candidate !== field) continue;
    for (const [name, located] of Object.entries(server[candidate])) {
      if (located.range.offset <= offset && offset < located.range.offset + located.range.length) return { field: candidate, key: name, located };
    }
  }
  return undefined;
}

/** Where the proxy saw a finding (detection-problems.ts puts it in Finding.data); checked, since data is an open record. */
const inspectorTargetSchema = z.object({ source: z.literal('proxy'), sessionId: z.string().min(1), seq: z.number().int().nonnegative() });

/** The Inspector message a proxy finding came from, as the arguments of mcpWarden.revealInInspector. */
export function inspectorTarget(finding: Finding): { sessionId: string; seq: number } | undefined {
  const parsed = inspectorTargetSchema.safeParse(finding.data);
  return parsed.success ? { sessionId: parsed.data.sessionId, seq: parsed.data.seq } : undefined;
}

function intersects(range: vscode.Range, finding: Finding): boolean {
  return toRange(finding.range).intersection(range) !== undefined;
}

function editOf(document: vscode.TextDocument, changes: TextChange[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of changes) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length)), change.content);
  }
  return edit;
}

function formattingOf(document: vscode.TextDocument): ReturnType<typeof formattingFor> {
  return formattingFor(document.getText(), document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n');
}

/** The scan saw this text: the entry's value still reads the same at the same place. */
function unchanged(document: vscode.TextDocument, located: Located): boolean {
  const text = document.getText(toRange(located.range));
  try {
    return text === located.value || JSON.parse(text) === located.value;
  } catch {
    return false;
  }
}

export class WardenCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly service: InventoryService,
    /** Findings of the protected servers' proxies, which the scan result does not hold. */
    private readonly proxyFindings?: Pick<ExtraFindings, 'findings'>,
  ) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    try {
      return this.actions(document, range, context);
    } catch (error) {
      console.error('MCP Warden: could not compute code actions', error);
      return [];
    }
  }

  private actions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const result = this.service.latest;
    if (!result || !this.service.isConfigFile(document.uri)) return [];
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const file = document.uri.fsPath;
    const here = (finding: Finding): boolean => finding.file === file && Boolean(finding.serverId) && intersects(range, finding);
    const findings = result.findings.filter(here);
    const diagnosticsFor = (finding: Finding): vscode.Diagnostic[] =>
      context.diagnostics.filter((diagnostic) => {
        const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
        return diagnostic.source === DIAGNOSTIC_SOURCE && code === finding.ruleId && diagnostic.range.isEqual(toRange(finding.range));
      });

    const actions: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    const once = (key: string, make: () => vscode.CodeAction | undefined): void => {
      if (offered.has(key)) return;
      offered.add(key);
      const action = make();
      if (action) actions.push(action);
    };

    for (const finding of findings) {
      const item = this.service.item(finding.serverId ?? '');
      if (!item || item.server.configPath !== file) continue;
      const { server } = item;
      const denied = item.findings.some((other) => other.ruleId === 'denied-server');
      if (item.status === 'shadow' && !denied) {
        once(`approve:${server.id}`, () => {
          const action = new vscode.CodeAction(`Approve server "${server.name}" into the inventory`, vscode.CodeActionKind.QuickFix);
          action.command = { command: 'mcpWarden.approveServer', title: action.title, arguments: [server.id] };
          action.diagnostics = item.findings.filter((other) => other.ruleId === 'shadow-server').flatMap(diagnosticsFor);
          action.isPreferred = finding.ruleId === 'shadow-server';
          return action;
        });
      }
      if (item.conflictsWith.length > 0) {
        once(`others:${server.id}`, () => {
          const action = new vscode.CodeAction(`Open other definitions of "${server.name}"`, vscode.CodeActionKind.QuickFix);
          action.command = { command: 'mcpWarden.showOtherDefinitions', title: action.title, arguments: [server.id] };
          action.diagnostics = diagnosticsFor(finding);
          return action;
        });
      }
      const editable = server.format === 'json' || server.format === 'jsonc';
      if (!editable) continue;
      const secret = finding.ruleId === 'inline-secret' || finding.data?.field !== undefined ? secretLocation(server, finding) : undefined;
      if (finding.ruleId === 'inline-secret' && secret && unchanged(document, secret.located)) {
        once(`input:${server.id}:${secret.field}:${secret.key}`, () => this.moveToInput(document, item, finding, secret, diagnosticsFor(finding)));
        once(`env:${server.id}:${secret.field}:${secret.key}`, () => this.moveToEnvironment(document, item, finding, secret, diagnosticsFor(finding)));
      }
      once(`disable:${server.id}`, () => this.disable(document, item));
    }
    for (const finding of this.proxyFindings?.findings().filter(here) ?? []) {
      const target = inspectorTarget(finding);
      if (!target) continue;
      once(`inspector:${target.sessionId}:${target.seq}`, () => {
        const action = new vscode.CodeAction(`Show in Inspector: message #${target.seq} of "${finding.serverName ?? finding.serverId}" where the proxy saw this`, vscode.CodeActionKind.QuickFix);
        action.command = { command: 'mcpWarden.revealInInspector', title: action.title, arguments: [target.sessionId, target.seq] };
        action.diagnostics = diagnosticsFor(finding);
        return action;
      });
    }
    return actions;
  }

  /** VS Code configs: the secret becomes ${input:id}, and a password prompt is declared in `inputs`. */
  private moveToInput(document: vscode.TextDocument, item: InventoryItem, finding: Finding, secret: SecretLocation, diagnostics: vscode.Diagnostic[]): vscode.CodeAction | undefined {
    const { server } = item;
    const { jsonPath } = server;
    if (server.client !== 'vscode' || jsonPath.length < 2 || jsonPath[jsonPath.length - 2] !== 'servers' || path.basename(server.configPath) === '.mcp.json') return undefined;
    const text = document.getText();
    const inputsPath = [...jsonPath.slice(0, -2), 'inputs'];
    const id = inputId(server.name, secret.field, secret.key, existingInputIds(text, inputsPath));
    const value = replaceSecret(secret.located, finding.range, `\${input:${id}}`);
    const input = { type: 'promptString', id, description: `${secret.key} for the MCP server "${server.name}"`, password: true };
    const changes = modifications(
      text,
      [
        { path: [...jsonPath, secret.field, secret.key], value },
        hasArray(text, inputsPath) ? { path: [...inputsPath, -1], value: input, insert: true } : { path: inputsPath, value: [input] },
      ],
      formattingOf(document),
    );
    const action = new vscode.CodeAction(`Replace inline secret with \${input:${id}} (VS Code prompts for it once and stores it securely)`, vscode.CodeActionKind.QuickFix);
    action.edit = editOf(document, changes);
    action.diagnostics = diagnostics;
    action.isPreferred = true;
    return action;
  }

  /** Clients that expand environment variables: the secret becomes a reference the user sets. */
  private moveToEnvironment(document: vscode.TextDocument, item: InventoryItem, finding: Finding, secret: SecretLocation, diagnostics: vscode.Diagnostic[]): vscode.CodeAction | undefined {
    const { server } = item;
    const reference = this.service.adapter(server.client)?.envReference;
    if (!reference) return undefined;
    const variable = variableName(server.name, secret.field, secret.key);
    const value = replaceSecret(secret.located, finding.range, reference(variable));
    const text = document.getText();
    const changes = modifications(text, [{ path: [...server.jsonPath, secret.field, secret.key], value }], formattingOf(document));
    const action = new vscode.CodeAction(
      `Replace inline secret with the environment variable reference ${reference(variable)} (then set ${variable} in the environment ${this.service.clientName(server.client)} starts with)`,
      vscode.CodeActionKind.QuickFix,
    );
    action.edit = editOf(document, changes);
    action.diagnostics = diagnostics;
    if (server.client !== 'vscode') action.isPreferred = true;
    return action;
  }

  private disable(document: vscode.TextDocument, item: InventoryItem): vscode.CodeAction | undefined {
    const { server } = item;
    const key = this.service.adapter(server.client)?.disableKey;
    if (!key || server.disabled) return undefined;
    const text = document.getText();
    const changes = modifications(text, [{ path: [...server.jsonPath, key.key], value: key.value }], formattingOf(document));
    const action = new vscode.CodeAction(`Disable server "${server.name}" (sets "${key.key}": ${String(key.value)})`, vscode.CodeActionKind.QuickFix);
    action.edit = editOf(document, changes);
    return action;
  }
}

export function registerCodeActions(service: InventoryService, proxyFindings?: Pick<ExtraFindings, 'findings'>): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(SELECTOR, new WardenCodeActions(service, proxyFindings), WardenCodeActions.metadata);
}

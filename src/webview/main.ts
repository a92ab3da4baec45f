// The Inspector's page (browser code, bundled alone to dist/webview.js). It renders what the
// extension posts (validated with the shared zod schemas; anything else is dropped) and sends
// back only the declared requests. Data reaches the DOM through textContent and attributes set
// from code, never through innerHTML, so a hostile method name or error message stays text.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { findingsFromNotes, type NoteFinding } from '../core/inspector/detect-notes.js';
import { messageEventOf, parseExtensionMessage, type ExtensionToWebview, type Feed, type FlaggedDefinition, type MessageView, type SessionView, type WebviewToExtension } from '../core/webview-messages.js';
import { installFindingStyles } from './finding-styles.js';
import { renderJson, type Highlight } from './json-highlight.js';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

// Lit falls back to <style> elements where constructable stylesheets are missing; give them the nonce.
(globalThis as { litNonce?: string }).litNonce = document.currentScript?.getAttribute('nonce') ?? (document.currentScript as HTMLScriptElement | null)?.nonce ?? undefined;
installFindingStyles((globalThis as { litNonce?: string }).litNonce);

const vscode = acquireVsCodeApi();
function send(message: WebviewToExtension): void {
  vscode.postMessage(message);
}

/** Rows rendered at most; the store holds more, filters reach all of them. */
const MAX_ROWS = 1_000;

const state = {
  sessions: new Map<string, SessionView>(),
  messages: [] as MessageView[],
  feed: { mode: 'off', detail: '' } as Feed,
  capacity: 0,
  paused: false,
  selectedSession: undefined as string | undefined,
  selectedMessage: undefined as number | undefined,
  server: '',
  method: '',
  text: '',
  /** Definitions behind list messages with findings, by message key, as the extension sent them. */
  definitions: new Map<number, FlaggedDefinition[]>(),
};

/** Message keys whose definitions were asked for (once each). */
const requested = new Set<number>();

// The proxy's detector notes, parsed once per message.
const findingCache = new Map<number, NoteFinding[]>();
function findingsOf(message: MessageView): NoteFinding[] {
  let found = findingCache.get(message.key);
  if (!found) {
    found = findingsFromNotes(message.notes);
    findingCache.set(message.key, found);
  }
  return found;
}

// --- DOM helpers: elements from code, text through textContent ----------------------------------

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K];
function el(tag: string, className?: string, text?: string): HTMLElement;
function el(tag: string, className?: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function time(ms: number | undefined): string {
  if (ms === undefined) return '';
  const date = new Date(ms);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / 1024 / 1024).toFixed(1)} MB`;
}

function serverLabel(session: SessionView | undefined, serverId: string): string {
  return session?.serverName ?? serverId;
}

// --- layout -------------------------------------------------------------------------------------

const app = document.getElementById('app')!;
const toolbar = el('div', 'toolbar');
const serverSelect = document.createElement('vscode-single-select');
serverSelect.setAttribute('aria-label', 'Server');
const methodField = document.createElement('vscode-textfield');
methodField.setAttribute('placeholder', 'Method');
methodField.setAttribute('aria-label', 'Filter by method');
const textField = document.createElement('vscode-textfield');
textField.setAttribute('placeholder', 'Search');
textField.setAttribute('aria-label', 'Filter by text');
const pauseButton = document.createElement('vscode-button');
pauseButton.textContent = 'Pause';
pauseButton.setAttribute('secondary', '');
const exportButton = document.createElement('vscode-button');
exportButton.textContent = 'Export Session…';
exportButton.setAttribute('disabled', '');
const feedLabel = el('span', 'feed');
toolbar.append(serverSelect, methodField, textField, pauseButton, exportButton, feedLabel);

const main = el('div', 'main');
const sessionsPane = el('section', 'sessions');
sessionsPane.append(el('h2', undefined, 'Sessions'));
const sessionsTable = el('table');
const sessionsHead = el('thead');
const sessionsBody = el('tbody');
sessionsTable.append(sessionsHead, sessionsBody);
sessionsPane.append(sessionsTable);

const messagesPane = el('section', 'messages');
const messagesTitle = el('h2', undefined, 'Messages');
const messagesTable = el('table');
const messagesHead = el('thead');
const messagesBody = el('tbody');
messagesTable.append(messagesHead, messagesBody);
const messagesScroll = el('div', 'scroll');
messagesScroll.append(messagesTable);
messagesPane.append(messagesTitle, messagesScroll);

const detailPane = el('section', 'detail');
detailPane.append(el('h2', undefined, 'Detail'));
const detailNote = el(
  'p',
  'note',
  'The proxy reports a summary of each message (direction, kind, method, id, tool or resource, size, latency, error, verdict), never its body: bodies stay between the client and the server.',
);
const detailFindings = el('div', 'findings');
const detailBody = el('pre');
detailPane.append(detailNote, detailFindings, detailBody);

main.append(sessionsPane, messagesPane, detailPane);
app.append(toolbar, main);

function headRow(head: HTMLElement, labels: string[]): void {
  const row = el('tr');
  for (const label of labels) row.append(el('th', undefined, label));
  head.replaceChildren(row);
}
headRow(sessionsHead, ['Server', 'Client', 'Start', 'End', 'Exit', 'Msgs']);
headRow(messagesHead, ['#', 'Time', 'Dir', 'Kind', 'Method', 'Id', 'Size', 'Latency', 'Verdict', 'Findings', 'Error']);

// --- rendering ----------------------------------------------------------------------------------

function renderFeed(): void {
  const mode = state.feed.mode === 'hub' ? 'Live (hub)' : state.feed.mode === 'audit-tail' ? 'Audit log' : 'Off';
  feedLabel.textContent = `${state.paused ? 'Paused · ' : ''}${mode}`;
  feedLabel.title = state.feed.detail;
  pauseButton.textContent = state.paused ? 'Resume' : 'Pause';
}

function renderServerOptions(): void {
  const servers = new Map<string, string>();
  for (const session of state.sessions.values()) servers.set(session.serverId, serverLabel(session, session.serverId));
  for (const message of state.messages) if (!servers.has(message.serverId)) servers.set(message.serverId, message.serverId);
  const wanted = ['', ...[...servers.keys()].sort()];
  const existing = [...serverSelect.querySelectorAll('vscode-option')].map((option) => option.getAttribute('value') ?? '');
  if (wanted.length === existing.length && wanted.every((value, index) => value === existing[index])) return;
  const options = wanted.map((value) => {
    const option = document.createElement('vscode-option');
    option.setAttribute('value', value);
    option.textContent = value === '' ? 'All servers' : (servers.get(value) ?? value);
    if (value === state.server) option.setAttribute('selected', '');
    return option;
  });
  serverSelect.replaceChildren(...options);
}

function renderSessions(): void {
  const rows: HTMLElement[] = [];
  const all = el('tr', state.selectedSession === undefined ? 'selected' : undefined);
  const cell = el('td', undefined, 'All sessions');
  cell.colSpan = 6;
  all.append(cell);
  all.addEventListener('click', () => selectSession(undefined));
  rows.push(all);
  const sessions = [...state.sessions.values()].filter((s) => state.server === '' || s.serverId === state.server).sort((a, b) => b.start - a.start);
  for (const session of sessions) {
    const row = el('tr', session.sessionId === state.selectedSession ? 'selected' : undefined);
    row.title = `${session.sessionId}\n${session.command ?? ''} ${(session.args ?? []).join(' ')}${session.reason ? `\nended: ${session.reason}` : ''}${session.warnings.length ? `\n${session.warnings.join('\n')}` : ''}`;
    const exit = session.end === undefined ? 'running' : session.exitCode === null || session.exitCode === undefined ? (session.signal ?? '—') : String(session.exitCode);
    row.append(
      el('td', undefined, serverLabel(session, session.serverId)),
      el('td', undefined, session.client ?? ''),
      el('td', undefined, time(session.start)),
      el('td', undefined, time(session.end)),
      el('td', session.exitCode ? 'error' : undefined, exit),
      el('td', session.errors ? 'error' : undefined, String(session.total ?? session.seen)),
    );
    row.addEventListener('click', () => selectSession(session.sessionId));
    rows.push(row);
  }
  sessionsBody.replaceChildren(...rows);
  exportButton.toggleAttribute('disabled', state.selectedSession === undefined);
}

function matches(message: MessageView): boolean {
  if (state.selectedSession !== undefined && message.sessionId !== state.selectedSession) return false;
  if (state.server !== '' && message.serverId !== state.server) return false;
  if (state.method !== '' && !(message.method ?? '').toLowerCase().includes(state.method)) return false;
  if (state.text !== '') {
    if (!JSON.stringify(messageEventOf(message)).toLowerCase().includes(state.text)) return false;
  }
  return true;
}

function messageRow(message: MessageView): HTMLElement {
  const bad = message.kind === 'error' || message.kind === 'invalid' || message.kind === 'non-json' || message.kind === 'oversize' || message.verdict === 'block';
  const findings = findingsOf(message);
  const row = el('tr', [bad ? 'error' : '', findings.length > 0 ? 'flagged' : '', message.key === state.selectedMessage ? 'selected' : ''].join(' ').trim() || undefined);
  row.dataset.key = String(message.key);
  const rules = [...new Set(findings.map((f) => f.rule))];
  const findingsCell = el('td', findings.length > 0 ? 'finding-count' : undefined, findings.length > 0 ? `⚑ ${findings.length}` : '');
  if (rules.length > 0) findingsCell.title = rules.join(', ');
  row.append(
    el('td', 'num', String(message.seq)),
    el('td', undefined, time(message.time)),
    el('td', undefined, message.direction === 'client-to-server' ? 'client → server' : 'server → client'),
    el('td', undefined, message.kind),
    el('td', undefined, `${message.method ?? ''}${message.subject ? ` (${message.subject})` : ''}`),
    el('td', undefined, message.id === undefined ? '' : JSON.stringify(message.id)),
    el('td', 'num', bytes(message.size)),
    el('td', 'num', message.latencyMs === undefined ? '' : `${message.latencyMs.toFixed(1)} ms`),
    el('td', undefined, message.verdict),
    findingsCell,
    el('td', undefined, message.error ? `${message.error.code}: ${message.error.message}` : ''),
  );
  return row;
}

function renderMessages(): void {
  const matching = state.messages.filter(matches);
  const shown = matching.slice(-MAX_ROWS);
  messagesTitle.textContent = `Messages (${matching.length}${matching.length > shown.length ? `, last ${shown.length} shown` : ''} of ${state.messages.length} kept, up to ${state.capacity})`;
  const stick = messagesScroll.scrollTop + messagesScroll.clientHeight >= messagesScroll.scrollHeight - 4;
  messagesBody.replaceChildren(...shown.map(messageRow));
  if (stick) messagesScroll.scrollTop = messagesScroll.scrollHeight;
}

/** The list items a message's definition findings point into, for the definitions request. */
function flaggedItems(findings: readonly NoteFinding[]): Array<{ where: string; kind: 'tool' | 'prompt' | 'resource'; name: string }> {
  const items = new Map<string, { where: string; kind: 'tool' | 'prompt' | 'resource'; name: string }>();
  for (const f of findings) if (f.scope === 'definitions' && f.item?.kind && f.where) items.set(f.where, { where: f.where, kind: f.item.kind, name: f.item.name });
  return [...items.values()].slice(0, 100);
}

function findingLine(f: NoteFinding): HTMLElement {
  const line = el('li', `finding-${f.severity}`);
  const where = `${f.where}${f.path && f.where ? (f.path.startsWith('[') ? '' : '.') : ''}${f.path}`;
  line.append(el('strong', undefined, f.rule), document.createTextNode(` (${f.severity}, ${f.action}) at `), el('code', undefined, `${where} [${f.span[0]}, ${f.span[1]}]`), document.createTextNode(`${f.item ? ` · ${f.item.kind ?? ''} ${f.item.name}` : ''}: ${f.message}`));
  return line;
}

/** The findings of a message, and each flagged definition with its spans marked at their paths. */
function renderFindings(message: MessageView, findings: readonly NoteFinding[]): string[] {
  if (findings.length === 0) {
    detailFindings.replaceChildren();
    return [];
  }
  const list = el('ul');
  list.append(...findings.map(findingLine));
  const parts: HTMLElement[] = [el('h3', undefined, `Findings (${findings.length})`), list];
  const marks: string[] = [];
  const wanted = flaggedItems(findings);
  const definitions = state.definitions.get(message.key);
  if (wanted.length > 0 && !definitions && !requested.has(message.key)) {
    requested.add(message.key);
    send({ type: 'definitions', key: message.key, items: wanted });
  }
  for (const flagged of definitions ?? []) {
    const highlights = new Map<string, Highlight[]>();
    for (const f of findings) {
      if (f.where !== flagged.where) continue;
      highlights.set(f.path, [...(highlights.get(f.path) ?? []), { span: f.span, title: `${f.rule}: ${f.message}` }]);
    }
    const rendered = renderJson(flagged.definition, highlights);
    parts.push(el('h3', undefined, `${flagged.where} ${flagged.name} (the definition the server offered, from the pin file)`), rendered.node);
    marks.push(...rendered.marks);
  }
  if (definitions && definitions.length === 0 && wanted.length > 0) parts.push(el('p', 'note', 'No pin file holds these definitions, so only the paths and spans are shown.'));
  detailFindings.replaceChildren(...parts);
  return marks;
}

function renderDetail(): void {
  const message = state.messages.find((m) => m.key === state.selectedMessage);
  if (message) {
    const findings = findingsOf(message);
    const marks = renderFindings(message, findings);
    detailBody.textContent = JSON.stringify(messageEventOf(message), null, 2);
    const mark = detailFindings.querySelector('mark.finding');
    const styled = mark !== null && getComputedStyle(mark).backgroundColor !== 'rgba(0, 0, 0, 0)' && getComputedStyle(mark).backgroundColor !== getComputedStyle(detailFindings).backgroundColor;
    send({ type: 'shown', key: message.key, findings: findings.length, highlights: marks.slice(0, 100).map((text) => text.slice(0, 2000)), markedRows: messagesBody.querySelectorAll('tr.flagged').length, styled });
    return;
  }
  detailFindings.replaceChildren();
  const session = state.selectedSession ? state.sessions.get(state.selectedSession) : undefined;
  detailBody.textContent = session ? JSON.stringify(session, null, 2) : 'Select a message or a session.';
}

let scheduled = false;
function render(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    renderFeed();
    renderServerOptions();
    renderSessions();
    renderMessages();
    renderDetail();
  });
}

function selectSession(sessionId: string | undefined): void {
  state.selectedSession = sessionId;
  state.selectedMessage = undefined;
  render();
}

// --- events -------------------------------------------------------------------------------------

messagesBody.addEventListener('click', (event) => {
  const row = (event.target as HTMLElement).closest('tr');
  const key = Number(row?.dataset.key);
  if (!Number.isSafeInteger(key)) return;
  state.selectedMessage = key;
  for (const other of messagesBody.querySelectorAll('tr.selected')) other.classList.remove('selected');
  row?.classList.add('selected');
  renderDetail();
});

serverSelect.addEventListener('change', () => {
  state.server = (serverSelect as unknown as { value: string }).value ?? '';
  render();
});
methodField.addEventListener('input', () => {
  state.method = ((methodField as unknown as { value: string }).value ?? '').trim().toLowerCase();
  render();
});
textField.addEventListener('input', () => {
  state.text = ((textField as unknown as { value: string }).value ?? '').trim().toLowerCase();
  render();
});
pauseButton.addEventListener('click', () => {
  state.paused = !state.paused;
  send({ type: 'pause', paused: state.paused });
  renderFeed();
});
exportButton.addEventListener('click', () => {
  if (state.selectedSession) send({ type: 'export', sessionId: state.selectedSession });
});

function apply(message: ExtensionToWebview): void {
  switch (message.type) {
    case 'snapshot':
      state.sessions = new Map(message.sessions.map((s) => [s.sessionId, s]));
      state.messages = message.messages;
      state.feed = message.feed;
      state.capacity = message.capacity;
      state.paused = message.paused;
      break;
    case 'update': {
      for (const session of message.sessions) state.sessions.set(session.sessionId, session);
      const first = state.messages.findIndex((m) => m.key >= message.firstKey);
      state.messages = first === -1 ? [] : first > 0 ? state.messages.slice(first) : state.messages;
      state.messages.push(...message.messages);
      state.feed = message.feed;
      break;
    }
    case 'exported':
      feedLabel.textContent = message.ok ? `Exported to ${message.detail}` : `Export failed: ${message.detail}`;
      return;
    case 'select': {
      const target = state.messages.find((m) => m.sessionId === message.sessionId && m.seq === message.seq);
      if (!target) return;
      // Clear filters that would hide it, then show it selected and scrolled into view.
      state.selectedSession = undefined;
      state.server = '';
      state.method = '';
      state.text = '';
      state.selectedMessage = target.key;
      render();
      requestAnimationFrame(() => messagesBody.querySelector(`tr[data-key="${target.key}"]`)?.scrollIntoView({ block: 'center' }));
      return;
    }
    case 'definitions':
      state.definitions.set(message.key, message.items);
      if (message.key === state.selectedMessage) renderDetail();
      return;
  }
  render();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseExtensionMessage(event.data);
  if (message) apply(message);
});

render();
send({ type: 'ready' });

// The Inspector's page (browser code, bundled alone to dist/webview.js). It renders what the
// extension posts (validated with the shared zod schemas; anything else is dropped) and sends
// back only the declared requests. Data reaches the DOM through textContent and attributes set
// from code, never through innerHTML, so a hostile method name or error message stays text.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { messageEventOf, parseExtensionMessage, type ExtensionToWebview, type Feed, type MessageView, type SessionView, type WebviewToExtension } from '../core/webview-messages.js';

declare function acquireVsCodeApi(): { postMessage(message: unknown): void };

// Lit falls back to <style> elements where constructable stylesheets are missing; give them the nonce.
(globalThis as { litNonce?: string }).litNonce = document.currentScript?.getAttribute('nonce') ?? (document.currentScript as HTMLScriptElement | null)?.nonce ?? undefined;

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
};

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
const detailBody = el('pre');
detailPane.append(detailNote, detailBody);

main.append(sessionsPane, messagesPane, detailPane);
app.append(toolbar, main);

function headRow(head: HTMLElement, labels: string[]): void {
  const row = el('tr');
  for (const label of labels) row.append(el('th', undefined, label));
  head.replaceChildren(row);
}
headRow(sessionsHead, ['Server', 'Client', 'Start', 'End', 'Exit', 'Msgs']);
headRow(messagesHead, ['#', 'Time', 'Dir', 'Kind', 'Method', 'Id', 'Size', 'Latency', 'Verdict', 'Error']);

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
  const row = el('tr', [bad ? 'error' : '', message.key === state.selectedMessage ? 'selected' : ''].join(' ').trim() || undefined);
  row.dataset.key = String(message.key);
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

function renderDetail(): void {
  const message = state.messages.find((m) => m.key === state.selectedMessage);
  if (message) {
    detailBody.textContent = JSON.stringify(messageEventOf(message), null, 2);
    return;
  }
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
  }
  render();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseExtensionMessage(event.data);
  if (message) apply(message);
});

render();
send({ type: 'ready' });

import type { Finding, Severity } from '../../model.js';
import type { LintRule } from '../rule.js';
import { serverFinding } from '../finding.js';
import { sliceToken, tokenOf, type Token } from '../tokens.js';

export type HostClass = 'loopback' | 'unspecified' | 'private' | 'public';

/** Where a host name or address points, as far as the config alone can tell. */
export function classifyHost(hostname: string): HostClass {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return 'loopback';
  if (/^::ffff:127\./.test(host) || /^::ffff:7f[0-9a-f]{2}:/.test(host)) return 'loopback';
  if (host === '0.0.0.0' || host === '::') return 'unspecified';
  if (/^10\./.test(host) || /^192\.168\./.test(host) || /^172\.(1[6-9]|2\d|3[01])\./.test(host) || /^169\.254\./.test(host)) return 'private';
  if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe80:/.test(host) || host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.lan') || host.endsWith('.home.arpa') || !host.includes('.')) return 'private';
  return 'public';
}

const PLAIN_URL = /^(?:http|ws):\/\//i;

function urlTokens(token: Token): Token[] {
  const out: Token[] = [];
  const re = /(?<![A-Za-z0-9+.-])(?:http|ws):\/\/[^\s"'<>]{1,2048}/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(token.value)) !== null) {
    const whole = m.index === 0 && m[0].length === token.value.length;
    out.push(whole ? token : sliceToken(token, m.index, m.index + m[0].length));
  }
  return out;
}

/** Remote servers reached over plain http:// or ws:// across a network: anyone on the path reads and rewrites the traffic. */
export const insecureHttp: LintRule = {
  id: 'insecure-http',
  severity: 'error',
  title: 'Remote server over plain HTTP',
  docs: 'docs/rules/insecure-http.md',
  check(server) {
    const out: Finding[] = [];
    const candidates: { token: Token; field: 'url' | 'args' }[] = [];
    if (server.url && PLAIN_URL.test(server.url.value.trim())) candidates.push({ token: tokenOf(server.url, -1), field: 'url' });
    server.args.forEach((arg, i) => {
      for (const token of urlTokens(tokenOf(arg, i))) candidates.push({ token, field: 'args' });
    });
    const hasAuth = Object.keys(server.headers).some((h) => /^(?:authorization|proxy-authorization|cookie|x-api-key|api-key)$/i.test(h));
    for (const { token, field } of candidates) {
      let url: URL;
      try {
        url = new URL(token.value.trim());
      } catch {
        continue;
      }
      const host = url.hostname;
      const hostClass = classifyHost(host);
      if (hostClass === 'loopback') continue;
      const scheme = url.protocol.replace(':', '');
      const secure = scheme === 'ws' ? 'wss://' : 'https://';
      let severity: Severity = hostClass === 'public' ? 'error' : 'warning';
      let message = `${scheme}:// to ${host} sends MCP traffic${hasAuth && field === 'url' ? ' and its credentials' : ''} unencrypted: anyone on the network can read or change tool calls; use ${secure}`;
      if (hostClass === 'unspecified') {
        severity = 'info';
        message = `${host} means "every interface": the server likely listens on the whole network without TLS; bind and connect to 127.0.0.1 instead`;
      }
      out.push(serverFinding(insecureHttp, server, message, { range: token.range, severity, data: { kind: 'insecure-http', field, host, scheme, ...(field === 'args' ? { argIndex: token.argIndex } : {}) } }));
    }
    return out;
  },
};

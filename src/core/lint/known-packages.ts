// Well-known MCP server packages and images that attackers imitate with near-identical names.
// Sources: the modelcontextprotocol/servers README (reference and archived servers, npm and PyPI
// names, Docker Hub mcp/* images) and the official integrations its README lists. Keep it to
// names that really exist: an imaginary name here turns a legitimate neighbour into a warning.

import type { Ecosystem } from './packages.js';

export const KNOWN_NPM_PACKAGES: readonly string[] = [
  // modelcontextprotocol/servers, TypeScript reference and archived servers
  '@modelcontextprotocol/server-everything',
  '@modelcontextprotocol/server-filesystem',
  '@modelcontextprotocol/server-memory',
  '@modelcontextprotocol/server-sequential-thinking',
  '@modelcontextprotocol/server-github',
  '@modelcontextprotocol/server-gitlab',
  '@modelcontextprotocol/server-google-maps',
  '@modelcontextprotocol/server-postgres',
  '@modelcontextprotocol/server-puppeteer',
  '@modelcontextprotocol/server-brave-search',
  '@modelcontextprotocol/server-slack',
  '@modelcontextprotocol/server-gdrive',
  '@modelcontextprotocol/server-redis',
  '@modelcontextprotocol/server-aws-kb-retrieval',
  '@modelcontextprotocol/server-everart',
  '@modelcontextprotocol/inspector',
  '@modelcontextprotocol/sdk',
  // Vendor servers
  '@playwright/mcp',
  '@upstash/context7-mcp',
  '@notionhq/notion-mcp-server',
  '@sentry/mcp-server',
  '@stripe/mcp',
  '@supabase/mcp-server-supabase',
  '@cloudflare/mcp-server-cloudflare',
  '@azure/mcp',
  '@heroku/mcp-server',
  '@shopify/dev-mcp',
  '@neondatabase/mcp-server-neon',
  '@hubspot/mcp-server',
  '@apify/actors-mcp-server',
  '@browsermcp/mcp',
  '@executeautomation/playwright-mcp-server',
  '@agentdeskai/browser-tools-mcp',
  '@21st-dev/magic',
  '@wonderwhy-er/desktop-commander',
  '@benborla29/mcp-server-mysql',
  '@elastic/mcp-server-elasticsearch',
  '@circleci/mcp-server-circleci',
  '@auth0/auth0-mcp-server',
  '@twilio-alpha/mcp',
  '@jetbrains/mcp-proxy',
  'chrome-devtools-mcp',
  'mongodb-mcp-server',
  'firecrawl-mcp',
  'exa-mcp-server',
  'tavily-mcp',
  'figma-developer-mcp',
  'mcp-remote',
  'mcp-server-kubernetes',
  'supergateway',
  'mcp-proxy',
];

export const KNOWN_PYPI_PACKAGES: readonly string[] = [
  'mcp-server-fetch',
  'mcp-server-git',
  'mcp-server-time',
  'mcp-server-sqlite',
  'mcp-server-sentry',
  'mcp-server-qdrant',
  'mcp-server-motherduck',
  'mcp-atlassian',
  'mcp-obsidian',
  'markitdown-mcp',
  'awslabs.core-mcp-server',
  'awslabs.aws-documentation-mcp-server',
  'duckduckgo-mcp-server',
  'arxiv-mcp-server',
  'mcp-proxy',
  'mcp',
];

export const KNOWN_IMAGES: readonly string[] = [
  'ghcr.io/github/github-mcp-server',
  'mcp/filesystem',
  'mcp/git',
  'mcp/memory',
  'mcp/fetch',
  'mcp/time',
  'mcp/sequentialthinking',
  'mcp/github',
  'mcp/gitlab',
  'mcp/postgres',
  'mcp/puppeteer',
  'mcp/brave-search',
  'mcp/everything',
  'mcp/sqlite',
  'mcp/slack',
];

/** Scopes of well-known packages, and the npm scope of the official servers (the most imitated). */
export const OFFICIAL_SCOPE = '@modelcontextprotocol';

/** PEP 503: runs of "-", "_" and "." are equal and case does not matter. */
export function normalizePython(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function knownNames(ecosystem: Ecosystem): readonly string[] {
  switch (ecosystem) {
    case 'npm':
      return KNOWN_NPM_PACKAGES;
    case 'pypi':
      return KNOWN_PYPI_PACKAGES;
    case 'docker':
      return KNOWN_IMAGES;
  }
}

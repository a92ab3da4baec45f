// Public surface of the detection core: the proxy, the CLI and the extension import from here only.
export type { DetectFinding, DetectRuleId, DetectSeverity, TextKind, ScanTarget } from './finding.js';
export { scanText, scanTool, scanTarget, combine, BLOCK_AT, WARN_AT } from './engine.js';
export type { DetectOptions, DetectResult, Verdict, TextClassifier } from './engine.js';
export type { ToolDefinition } from './walk-tool.js';
export type { CrossServerContext, KnownServer } from './rules/cross-server.js';
export { detectArgumentLeaks } from './rules/arguments-dlp.js';
export { decodeTagCharacters } from './rules/invisible.js';

// Protect / unprotect: route stdio MCP servers through the Warden proxy by editing client configs in place.
export { PROXY_SCRIPT, protectionOf, protectionOfLaunch, proxyLaunch, type Protection, type ProxySettings, type StdioLaunch } from './detect.js';
export { unifiedDiff } from './diff.js';
export { PROTECTION_REMOVED_RULE, protectionFindings, protectionRemovedFindings } from './findings.js';
export { NEXT_STEPS, nextStep, nextStepsFor, type NextStep } from './hints.js';
export { installedProxyPath, installProxy } from './install.js';
export { loadAllRecords, loadRecord, recordPath, type ProtectionRecord } from './record.js';
export {
  launchShapeOf,
  locationOf,
  protectServers,
  unprotectServers,
  type CommonOptions,
  type FileOutcome,
  type ProtectOptions,
  type ProtectReport,
  type ServerOutcome,
  type ServerStatus,
} from './protect.js';
export { ConflictError, type WriteHooks } from './write.js';

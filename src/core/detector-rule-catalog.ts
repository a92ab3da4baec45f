// The injection detectors' rules as the rule catalog lists them (`mcp-warden rules`, SARIF, the
// docs link of a Problem). A detector's severity depends on where the text sits; the one here is
// its severity in a tool definition, as `scan --connect` reports it (high → error, medium →
// warning, low → info). Keyed by DetectRuleId so a new detector cannot ship without an entry.
import type { DetectRuleId } from './detect/index.js';
import type { Severity } from './model.js';

/** Every detector is documented in one table; GitHub gives table rows no anchors of their own. */
export const DETECTORS_DOCS = 'docs/detectors.md#rules';

export const detectorRules: Record<DetectRuleId, { severity: Severity; title: string }> = {
  'hidden-tag-characters': { severity: 'error', title: 'Text hidden in Unicode tag characters' },
  'invisible-characters': { severity: 'warning', title: 'Zero-width or other invisible characters' },
  'bidi-control': { severity: 'warning', title: 'Bidirectional control characters reorder the text' },
  'format-characters': { severity: 'info', title: 'Unicode format characters' },
  'mixed-script-name': { severity: 'error', title: 'Name mixes look-alike letters of several scripts' },
  'terminal-escape': { severity: 'error', title: 'Terminal escape sequence' },
  'html-comment-instruction': { severity: 'error', title: 'Comment carries instructions' },
  'hidden-markup': { severity: 'warning', title: 'Markup hides text from the reader' },
  'whitespace-padding': { severity: 'warning', title: 'Whitespace pushes text out of view' },
  'encoded-instruction': { severity: 'warning', title: 'Encoded text that decodes to readable text or instructions' },
  'instruction-tag': { severity: 'error', title: 'Tag that marks text as instructions for the model' },
  concealment: { severity: 'error', title: 'Asks the model to hide something from the user' },
  'instruction-override': { severity: 'error', title: 'Tells the model to ignore its previous instructions' },
  'role-impersonation': { severity: 'error', title: 'Impersonates the system, the developer or a chat template' },
  'tool-call-directive': { severity: 'info', title: 'Tells the model to call another tool first or after' },
  'tool-redirection': { severity: 'warning', title: 'Steers the model away from other tools' },
  'parameter-tampering': { severity: 'warning', title: 'Tells the model to change a parameter' },
  'command-execution': { severity: 'error', title: 'Tells the model to run a shell command' },
  'sensitive-target': { severity: 'error', title: 'Points at secrets, credentials or the conversation' },
  'exfiltration-url': { severity: 'warning', title: 'URL or instruction that sends data out' },
  'markdown-image-exfiltration': { severity: 'error', title: 'Markdown image whose URL carries data' },
  'context-harvesting-parameter': { severity: 'error', title: 'Parameter asks for the conversation, files or credentials' },
  'response-manipulation': { severity: 'warning', title: 'Tells the model how to shape its answer' },
  'scripted-message': { severity: 'warning', title: 'Dictates a message or answer for the user' },
  pretext: { severity: 'info', title: 'Security or urgency pretext' },
  'out-of-place-instruction': { severity: 'warning', title: 'A line in a response that reads as a request to the assistant' },
  'malicious-code-insertion': { severity: 'error', title: 'Asks to insert harmful code into the answer' },
  'cross-server-reference': { severity: 'warning', title: 'Names another configured server or its tools' },
  'duplicate-tool-name': { severity: 'warning', title: 'Two servers offer a tool of the same name' },
  'argument-secret': { severity: 'error', title: 'A secret in tool call arguments' },
  'argument-sensitive-content': { severity: 'error', title: 'Sensitive file content in tool call arguments' },
  'classifier-injection': { severity: 'warning', title: 'The learned classifier scores the text as an injection' },
};

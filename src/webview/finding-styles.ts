// Styles of findings in the Inspector, added as a <style> element carrying the page's nonce (the
// CSP allows no other inline style). Colours are VS Code theme variables, so light, dark and
// high-contrast themes each get their own: a flagged row uses the editor's warning colours, a
// marked span the find-match highlight with a border that stays visible in high contrast.
const CSS = `
tr.flagged td:first-child { box-shadow: inset 3px 0 0 var(--vscode-editorWarning-foreground, var(--vscode-errorForeground)); }
td.finding-count { color: var(--vscode-editorWarning-foreground, var(--vscode-errorForeground)); font-weight: 600; }
.findings h3 { font-size: 12px; margin: 8px 0 4px; }
.findings ul { margin: 0; padding-left: 18px; }
.findings li.finding-high strong { color: var(--vscode-errorForeground); }
.findings li.finding-medium strong { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
.findings code { font-family: var(--vscode-editor-font-family); }
pre.json { white-space: pre-wrap; word-break: break-word; font-family: var(--vscode-editor-font-family); }
mark.finding {
  color: inherit;
  background: var(--vscode-editor-findMatchHighlightBackground, rgba(234, 92, 0, 0.33));
  outline: 1px solid var(--vscode-editor-findMatchBorder, var(--vscode-contrastActiveBorder, transparent));
}
`;

export function installFindingStyles(nonce: string | undefined): void {
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  style.textContent = CSS;
  document.head.append(style);
}

// Conversions between core ranges and VS Code's, and small helpers to open a file at a range.
import * as vscode from 'vscode';
import type { TextRange } from '../core/model.js';

export function toRange(range: TextRange | undefined): vscode.Range {
  if (!range) return new vscode.Range(0, 0, 0, 0);
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export async function openAt(file: string, range: TextRange | undefined, preserveFocus = false): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const selection = toRange(range);
  const editor = await vscode.window.showTextDocument(document, { selection, preserveFocus });
  editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

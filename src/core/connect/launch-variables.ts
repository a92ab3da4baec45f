// The editor variables configs use in a server's command, arguments, env and cwd (VS Code, Cursor
// and Windsurf write `${workspaceFolder}`, `${userHome}`, `${env:NAME}`), expanded as the client
// would before `scan --connect` starts the server. `${input:…}` asks the user in the editor and
// has no value here: it stays as written, and a server that needs it fails visibly.
export interface VariableContext {
  workspaceFolder?: string;
  userHome: string;
  env: Readonly<Record<string, string | undefined>>;
}

const VARIABLE = /\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g;

export function expandVariables(text: string, context: VariableContext): string {
  return text.replace(VARIABLE, (whole: string, name: string, envName: string | undefined) => {
    if (envName !== undefined) return context.env[envName] ?? '';
    if (name === 'userHome') return context.userHome;
    return context.workspaceFolder ?? whole;
  });
}

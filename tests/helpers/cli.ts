/** The project's command line (server/cli/main.ts), run as an operator runs it. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repoRoot, 'node_modules/.bin/tsx');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command line as an operator runs it, with only the variables given (plus PATH and HOME). */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const inherited: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  const child = spawn(tsx, ['server/cli/main.ts', ...args], {
    cwd: repoRoot,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

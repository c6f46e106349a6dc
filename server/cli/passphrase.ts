/** Reads a secret from an environment variable, or from the terminal without echoing it. */
import { stdin, stderr } from 'node:process';

export async function readPassphrase(variable: string, prompt: string): Promise<string> {
  const fromEnv = process.env[variable];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv.normalize('NFKC');
  if (!stdin.isTTY)
    throw new Error(`Set ${variable}, or run this on a terminal to be asked for the passphrase`);
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: string): void => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(text.normalize('NFKC'));
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new Error('Cancelled'));
          return;
        }
        text = char === '\u007f' ? text.slice(0, -1) : text + char;
      }
    };
    const finish = (): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}

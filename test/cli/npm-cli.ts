// Runs `npm run --silent cli -- …` as a child process, exactly as the CLI contract is written, and collects its output.
import { spawn } from 'node:child_process';
import { root, type CliRun } from './cli-process.js';

/** Runs the `cli` npm script with `args` in the repository root and waits for it to exit. */
export function runNpmCli(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: root, env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

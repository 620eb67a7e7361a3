// Runs `npm run --silent cli -- …` as a child process, exactly as the CLI contract is written, and collects its output.
import { spawn } from 'node:child_process';
import { collect, root, type CliRun } from './cli-process.js';

/** Runs the `cli` npm script with `args` in the repository root and waits for it to exit. */
export function runNpmCli(args: readonly string[]): Promise<CliRun> {
  return collect(spawn('npm', ['run', '--silent', 'cli', '--', ...args], { cwd: root, env: process.env }));
}

// A logger that keeps every line as given, without the project logger's own digit masking, so a test of "the adapter
// masks the number" can fail when the adapter does not.
import type { Logger } from '../../../src/log.js';

export function recordingLogger(lines: string[]): Logger {
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) => void lines.push(JSON.stringify({ level, msg, ...fields }));
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

// What one platform's story hands back to the runner: its transcript, its steps for the HTML report, and the line the
// index shows for it.
import type { ReportSection } from './report-model.js';

export interface StoryResult {
  platform: string;
  /** File name inside the output directory, e.g. `feishu.md`. */
  file: string;
  title: string;
  /** What 张伟 wrote first. */
  sentence: string;
  /** How the approval ended, in a few words, for the index. */
  outcome: string;
  markdown: string;
  /** The transcript's introduction (Markdown paragraphs) and its steps, for index.html. */
  intro: string[];
  sections: ReportSection[];
  /** Extra files the story produced (the bank files, the e-receipt PDF, the digest's PNG): text is written as UTF-8, bytes as they are. */
  files?: { name: string; content: string | Uint8Array }[];
}

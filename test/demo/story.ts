// What one platform's story hands back to the runner: its transcript and the line the index shows for it.

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
}

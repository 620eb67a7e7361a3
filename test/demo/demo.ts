// Runs the story on every channel and writes the transcripts: one Markdown file per platform, an index README.md, and
// index.html, the report a person opens in a browser (every step with its cards drawn).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { consoleStory } from './console-story.js';
import { dingtalkStory } from './dingtalk-story.js';
import { feishuStory } from './feishu-story.js';
import { localTime } from './transcript.js';
import { DEMO_START } from './harness.js';
import { slackStory } from './slack-story.js';
import { lifecycleStory } from './lifecycle-story.js';
import { receptionStory } from './reception-story.js';
import { renderReport } from './report-html.js';
import type { StoryResult } from './story.js';

/** The platforms in the order they run and are listed. */
export const STORIES: readonly { name: string; run: () => Promise<StoryResult> }[] = [
  { name: 'Console', run: consoleStory },
  { name: 'Feishu', run: feishuStory },
  { name: 'DingTalk', run: dingtalkStory },
  { name: 'Slack', run: slackStory },
  { name: 'Lifecycle', run: lifecycleStory },
  { name: 'Reception', run: receptionStory },
];

export interface DemoReport {
  written: string[];
  results: StoryResult[];
  failures: { name: string; error: Error }[];
}

/**
 * Runs every story (one failing does not stop the others, so one run shows every broken platform), writes each
 * finished transcript and the HTML report into `outDir`, and the Markdown index when all of them finished.
 */
export async function runDemo(outDir: string, onProgress: (line: string) => void = () => {}): Promise<DemoReport> {
  await mkdir(outDir, { recursive: true });
  const report: DemoReport = { written: [], results: [], failures: [] };
  for (const story of STORIES) {
    const started = Date.now();
    try {
      const result = await story.run();
      const file = path.join(outDir, result.file);
      await writeFile(file, result.markdown);
      report.results.push(result);
      report.written.push(file);
      for (const extra of result.files ?? []) {
        const at = path.join(outDir, extra.name);
        await mkdir(path.dirname(at), { recursive: true });
        await writeFile(at, extra.content);
        report.written.push(at);
      }
      onProgress(`${story.name}: ok, ${result.outcome} → ${file} (${Date.now() - started} ms)`);
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      report.failures.push({ name: story.name, error });
      onProgress(`${story.name}: FAILED: ${error.message}`);
    }
  }
  // The report is written even when a story failed: it shows what did happen and names what did not.
  const html = path.join(outDir, 'index.html');
  await writeFile(html, renderReport(report.results, report.failures.map((f) => ({ name: f.name, message: f.error.message }))));
  report.written.push(html);
  if (report.failures.length === 0) {
    const index = path.join(outDir, 'README.md');
    await writeFile(index, indexMarkdown(report.results));
    report.written.push(index);
  }
  return report;
}

function indexMarkdown(results: StoryResult[]): string {
  return [
    '# Spendbot demo: one trip request, on every channel',
    '',
    'On each channel, 张伟 asks the bot for a business trip in one sentence and reviews the draft card it shows. He submits it, and his line manager 王强 decides on the approval card that arrives. Every copy of that card is updated, and 张伟 is told the outcome.',
    '',
    '| channel | transcript | what 张伟 wrote | how it ended |',
    '| --- | --- | --- | --- |',
    ...results.map((r) => `| ${r.title} | [${r.file}](${r.file}) | ${r.sentence} | ${r.outcome} |`),
    '',
    'Open [index.html](index.html) in a browser (no server needed) to see every step as a chat, with each card drawn the way the person saw it: the console\'s own HTML, and previews of the Feishu, DingTalk and Slack payloads.',
    '',
    '## How this was produced',
    '',
    '`npm run demo -- --out DIR` (`test/demo/run-demo.ts`) wrote these files. For each channel it:',
    '',
    '- opened a fresh embedded database (PGlite in memory), migrated it and seeded the demo organisation, 星河科技 Galaxy Tech;',
    '- built the service with `createApp`, switching on that one platform by its environment variables (the web console is always on);',
    '- ran the platform\'s real SDK or protocol against the loopback fakes in `test/fakes/` on 127.0.0.1. Nothing went to the internet;',
    '- linked 张伟 and 王强 to their platform ids, sent their messages and clicks as the platform would, and ran the outbox between steps.',
    '',
    `The clock is fixed: it starts at ${localTime(new Date(DEMO_START))} and moves forward only between steps. Ids are sequential, and the key that signs button values is fixed. Two runs therefore write the same files. The one exception is Slack message \`ts\` values, which the fake takes from the wall clock.`,
    '',
    'Everything quoted in a transcript comes from the run. That covers what a person sent, each message and card as the fake platform API received it, each click answer as the HTTP answer or ACK carried it, and the closing tables, which are read from the database. Only the headings and the italic lines that say what a person did were written by hand. When a step did not happen as the story expects, such as no approval card arriving, the demo writes no index, names the step, and exits non-zero.',
    '',
  ].join('\n');
}

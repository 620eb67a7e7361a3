// The fake bank's file-exchange side: it takes pain.001 files from the customer's out directory (as a bank gateway
// collects them) and drops its own files (pain.002, camt.054, camt.053) into the in directory, atomically.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FakeBankCore } from './bank-core.js';

export interface ExchangeDirs {
  outDir: string;
  inDir: string;
}

/** pain.001.001.03 or .09, from the namespace of the file. */
function formatOf(xml: string): string {
  return /urn:iso:std:iso:20022:tech:xsd:(pain\.001\.001\.\d{2})/.exec(xml.slice(0, 4096))?.[1] ?? 'unknown';
}

/** The MsgId of a pain.001, from its group header. */
function msgIdOf(xml: string): string | undefined {
  return /<(?:\w+:)?GrpHdr>\s*<(?:\w+:)?MsgId>([^<]+)</.exec(xml)?.[1]?.trim();
}

/**
 * One pass of the bank's gateway: submits every `*.xml` in outDir (name order) and removes it, counts a pass against
 * pending messages, then writes every file the bank made since the last pass into inDir. A resent MsgId is dropped
 * (the bank keeps the first); a file-level rejection comes back as a pain.002 RJCT.
 */
export async function processOutbox(bank: FakeBankCore, dirs: ExchangeDirs): Promise<{ consumed: string[]; written: string[] }> {
  const names = (await readdir(dirs.outDir).catch(() => [] as string[])).filter((n) => !n.startsWith('.') && n.endsWith('.xml')).sort();
  const consumed: string[] = [];
  const fresh = new Set<string>();
  for (const name of names) {
    const path = join(dirs.outDir, name);
    const xml = await readFile(path, 'utf8');
    const msgId = msgIdOf(xml) ?? name.replace(/\.xml$/, '');
    const known = bank.state.messages[msgId] !== undefined;
    await bank.submit({ msgId, format: formatOf(xml), xml });
    if (!known) fresh.add(msgId);
    await unlink(path);
    consumed.push(name);
  }
  for (const m of Object.values(bank.state.messages)) if (!fresh.has(m.msgId)) bank.tick(m);

  await mkdir(dirs.inDir, { recursive: true });
  const written: string[] = [];
  for (const f of bank.state.files.filter((x) => x.seq > bank.state.deliveredSeq)) {
    const temp = join(dirs.inDir, `.${f.name}.${randomBytes(4).toString('hex')}.part`);
    await writeFile(temp, f.xml, 'utf8');
    await rename(temp, join(dirs.inDir, f.name));
    bank.state.deliveredSeq = f.seq;
    written.push(f.name);
  }
  return { consumed, written };
}

// The BankConnector over shared directories (SFTP drop boxes, a bank's front-end processor): we write pain.001 files
// into outDir, the bank writes status reports and statements into inDir, and we move what we read to archive or error.
import { randomBytes } from 'node:crypto';
import { access, copyFile, link, mkdir, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { BankConnector, BankFile, PaymentFile, SubmitOutcome } from '../../../domain/payment/bank.port.js';
import { detectBankFileKind } from './file-kind.js';

export interface FileExchangeOptions {
  outDir: string;
  inDir: string;
  archiveDir: string;
  errorDir: string;
  /** At most this many files per `incoming` call (statements can be large). Default 50. */
  maxFiles?: number;
}

/** A MsgId becomes a file name: only characters every file system and bank gateway takes. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,34}$/;

const errnoOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Flushes a directory entry to disk; some file systems cannot open a directory for that, which we accept. */
async function syncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r').catch(() => undefined);
  if (!h) return;
  await h.sync().catch(() => undefined);
  await h.close();
}

/** Writes `data` to a hidden temporary file in `dir` and flushes it; returns its path. */
async function writeTemp(dir: string, baseName: string, data: string): Promise<string> {
  // Dot-prefixed and not ending in .xml: a bank gateway picking up *.xml never sees a half-written file.
  const temp = join(dir, `.${baseName}.${randomBytes(6).toString('hex')}.tmp`);
  const h = await open(temp, 'wx');
  try {
    await h.writeFile(data, 'utf8');
    await h.sync();
  } finally {
    await h.close();
  }
  return temp;
}

/**
 * Publishes `temp` as `final` without ever replacing an existing file: a hard link fails when the name exists, which
 * is the atomic "create if absent" that rename lacks. On a file system without hard links it falls back to
 * check-then-rename (a narrow race between two writers of the same MsgId). Returns false when `final` already exists.
 */
async function publish(temp: string, final: string): Promise<boolean> {
  try {
    await link(temp, final);
    return true;
  } catch (e) {
    if (errnoOf(e) === 'EEXIST') return false;
    if (errnoOf(e) !== 'EPERM' && errnoOf(e) !== 'ENOTSUP') throw e;
    const taken = await access(final).then(
      () => true,
      () => false,
    );
    if (taken) return false;
    await rename(temp, final);
    return true;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** Moves `from` to `dir/name` (creating `dir`), never over an existing file: a repeated name gets a numbered suffix. */
async function moveInto(from: string, dir: string, name: string): Promise<string | undefined> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < 1000; i++) {
    const target = join(dir, i === 0 ? name : `${name}.${i}`);
    try {
      await link(from, target);
    } catch (e) {
      if (errnoOf(e) === 'EEXIST') continue;
      if (errnoOf(e) === 'ENOENT') return undefined; // another instance moved it first
      if (errnoOf(e) !== 'EXDEV' && errnoOf(e) !== 'EPERM' && errnoOf(e) !== 'ENOTSUP') throw e;
      // Another file system (or no hard links): copy without replacing, then drop the source.
      try {
        await copyFile(from, target, 1 /* COPYFILE_EXCL */);
      } catch (c) {
        if (errnoOf(c) === 'EEXIST') continue;
        if (errnoOf(c) === 'ENOENT') return undefined;
        throw c;
      }
    }
    await unlink(from).catch((e: unknown) => {
      if (errnoOf(e) !== 'ENOENT') throw e;
    });
    await syncDir(dir);
    return target;
  }
  throw new Error(`too many files named ${name} in the target directory`);
}

/** Records why a file went to the error directory, beside it. */
async function writeReason(movedTo: string, reason: string): Promise<void> {
  await writeFile(`${movedTo}.reason.txt`, `${reason}\n`, 'utf8');
}

/** A BankConnector over directories. */
export function createFileExchangeConnector(o: FileExchangeOptions): BankConnector {
  const maxFiles = o.maxFiles ?? 50;

  return {
    async submit(file: PaymentFile): Promise<SubmitOutcome> {
      if (!SAFE_NAME.test(file.msgId)) return { kind: 'rejected', reasons: ['MsgId is not usable as a file name (A-Z a-z 0-9 . _ - only, at most 35)'] };
      await mkdir(o.outDir, { recursive: true });
      const final = join(o.outDir, `${file.msgId}.xml`);
      const temp = await writeTemp(o.outDir, file.msgId, file.xml);
      if (await publish(temp, final)) {
        await syncDir(o.outDir);
        return { kind: 'accepted' };
      }
      const existing = await readFile(final, 'utf8').catch((e: unknown) => (errnoOf(e) === 'ENOENT' ? undefined : Promise.reject(e)));
      // Picked up by the bank between our link and our read: the name was taken, so this is a resend.
      if (existing === undefined || existing === file.xml) return { kind: 'duplicate' };
      return { kind: 'rejected', reasons: [`a different file named ${file.msgId}.xml is already waiting in the out directory; it is never overwritten`] };
    },

    async poll(): Promise<BankFile[]> {
      // Status reports arrive in inDir and are read through `incoming`.
      return [];
    },

    /**
     * Files in inDir after `cursor` (a file name), in name order, up to `maxFiles`. Files stay until `done` moves them;
     * when a pass finds nothing after the cursor it answers cursor null, so the next pass starts over and picks up
     * files never marked done or named below the cursor (delivery is at least once: readers dedupe by MsgId).
     */
    async incoming(cursor: string | null): Promise<{ files: BankFile[]; cursor: string | null }> {
      const entries = await readdir(o.inDir, { withFileTypes: true }).catch((e: unknown) => (errnoOf(e) === 'ENOENT' ? [] : Promise.reject(e)));
      const names = entries
        .filter((d) => d.isFile() && !d.name.startsWith('.') && d.name.toLowerCase().endsWith('.xml'))
        .map((d) => d.name)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .filter((n) => cursor === null || n > cursor);
      const files: BankFile[] = [];
      let last: string | null = null;
      for (const name of names) {
        if (files.length >= maxFiles) break;
        last = name;
        const path = join(o.inDir, name);
        const xml = await readFile(path, 'utf8').catch((e: unknown) => (errnoOf(e) === 'ENOENT' ? undefined : Promise.reject(e)));
        if (xml === undefined) continue; // moved by another instance meanwhile
        const kind = detectBankFileKind(xml);
        if (kind) {
          files.push({ name, kind, xml });
          continue;
        }
        const moved = await moveInto(path, o.errorDir, name);
        if (moved) await writeReason(moved, 'not a pain.002, camt.053 or camt.054 message');
      }
      return { files, cursor: last };
    },

    async done(file: BankFile, outcome: 'processed' | 'failed', reason?: string): Promise<void> {
      // Names come from our own listing of inDir; anything else (a path) is a caller bug, not a file to move.
      if (file.name !== basename(file.name) || file.name.startsWith('.')) throw new Error('done() takes a file name from incoming(), not a path');
      const moved = await moveInto(join(o.inDir, file.name), outcome === 'processed' ? o.archiveDir : o.errorDir, file.name);
      if (moved && outcome === 'failed') await writeReason(moved, reason ?? 'failed');
    },

    /**
     * File exchange carries no e-receipts (电子回单): the bank's drop box holds pain.002 and camt files only, and banks
     * that put receipts in it name and bundle them each their own way. So a settled payment over files never gets a
     * receipt here (GET /api/v1/payments/{id}/receipt stays 404 PAYMENT.RECEIPT_PENDING) and no `bank.receipt` message is
     * queued for it; a bank with receipts over files would be another adapter.
     */
    servesReceipts: false,

    async receipt(): Promise<null> {
      return null;
    },
  };
}

// Slack's external file upload for the Web API fake (slack-web-api.ts): files.getUploadURLExternal hands out a file id
// and an upload URL, the bytes are POSTed to that URL, files.completeUploadExternal shares the uploaded files.
import type { FakeReply, FakeRequest } from './http-fake.js';

/** One file from files.getUploadURLExternal on, as the fake has seen it. */
export interface SlackFakeUpload {
  readonly id: string;
  readonly filename: string;
  /** The length announced to files.getUploadURLExternal. */
  readonly length: number;
  readonly altTxt?: string;
  /** The bytes POSTed to the upload URL (undefined until then). */
  bytes?: Uint8Array;
  /** The Content-Type the bytes came with. */
  contentType?: string;
  /** Set by files.completeUploadExternal. */
  completed?: {
    readonly title?: string;
    readonly channelId?: string;
    readonly initialComment?: string;
    readonly blocks?: unknown;
    readonly threadTs?: string;
  };
}

const ERROR = (error: string): FakeReply => ({ body: { ok: false, error } });

/** Slack documents the description limit of files.getUploadURLExternal's `alt_txt`. */
const ALT_TXT_MAX = 1000;

/** A file a user shared with the bot, as the `files` of a `message` event (subtype file_share) carries it. */
export interface SlackSharedFile {
  readonly id: string;
  readonly name: string;
  readonly mimetype: string;
  readonly size: number;
  readonly url_private: string;
  readonly url_private_download: string;
}

export class SlackFakeFiles {
  /** Every upload by file id. */
  readonly uploads = new Map<string, SlackFakeUpload>();
  /** Files users shared with the bot, by id, with their bytes (served at url_private_download with a bot token). */
  readonly shared = new Map<string, { file: SlackSharedFile; bytes: Uint8Array }>();
  /** Why the last files.completeUploadExternal was refused (Slack answers only `invalid_arguments`; tests may look). */
  lastRefusal: string | undefined;
  /** The upload URL handed out for a file id; tests replace it to see a client refuse a bad URL. */
  uploadUrl: (fileId: string) => string;
  private seq = 0;

  private readonly base: () => string;

  constructor(baseUrl: () => string) {
    this.base = baseUrl;
    this.uploadUrl = (id) => `${baseUrl()}/upload/v1/${encodeURIComponent(id)}`;
  }

  /** files.getUploadURLExternal: `filename` and `length` (bytes, > 0) required; `alt_txt` and `snippet_type` optional. */
  getUploadUrl(a: Record<string, unknown>): FakeReply {
    const filename = typeof a.filename === 'string' ? a.filename : '';
    const length = typeof a.length === 'string' && /^\d+$/.test(a.length) ? Number(a.length) : typeof a.length === 'number' ? a.length : NaN;
    if (filename === '' || !Number.isSafeInteger(length)) return ERROR('invalid_arguments');
    // Slack: missing_argument "typically only occurs when the length provided is 0".
    if (length === 0) return ERROR('missing_argument');
    const altTxt = typeof a.alt_txt === 'string' ? a.alt_txt : undefined;
    if (altTxt !== undefined && altTxt.length > ALT_TXT_MAX) return ERROR('alt_txt_too_large');
    this.seq += 1;
    const id = `F0FAKE${this.seq.toString().padStart(5, '0')}`;
    this.uploads.set(id, { id, filename, length, ...(altTxt === undefined ? {} : { altTxt }) });
    return { body: { ok: true, upload_url: this.uploadUrl(id), file_id: id } };
  }

  /**
   * A file a user shares with the bot: returns the event's file object. `size` may be given to declare another size
   * than the bytes' (Slack declares the true size; a test may check a declared size is acted on).
   */
  share(name: string, bytes: Uint8Array, mimetype: string, o: { size?: number } = {}): SlackSharedFile {
    this.seq += 1;
    const id = `F0SHARE${this.seq.toString().padStart(5, '0')}`;
    const path = `/files-pri/T0FAKE-${id}`;
    const file: SlackSharedFile = { id, name, mimetype, size: o.size ?? bytes.byteLength, url_private: `${this.base()}${path}/${encodeURIComponent(name)}`, url_private_download: `${this.base()}${path}/download/${encodeURIComponent(name)}` };
    this.shared.set(id, { file, bytes });
    return file;
  }

  /** GET url_private(_download): the bytes, for a request with a valid bot token (`authorized`), else 404 as Slack does. */
  serve(r: FakeRequest, authorized: boolean): FakeReply {
    const id = /^T0FAKE-(F0SHARE\d+)$/.exec(r.params.key ?? '')?.[1];
    const f = id ? this.shared.get(id) : undefined;
    if (!f || !authorized) return { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } };
    return { body: f.bytes, headers: { 'content-type': f.file.mimetype } };
  }

  /** The upload URL: raw bytes (any content type), answered `OK - <length>` as Slack does; unknown ids get a 404. */
  receive(r: FakeRequest): FakeReply {
    const upload = this.uploads.get(r.params.id ?? '');
    const text = { 'content-type': 'text/plain; charset=utf-8' };
    if (!upload) return { status: 404, body: 'Not Found', headers: text };
    if (upload.completed) return { status: 400, body: 'upload already completed', headers: text };
    upload.bytes = r.rawBytes;
    upload.contentType = r.headers['content-type'];
    return { body: `OK - ${r.rawBytes.length}`, headers: text };
  }

  /**
   * files.completeUploadExternal: every id in `files` must be one this fake issued, uploaded, with as many bytes as
   * announced, and not completed before; otherwise `invalid_arguments` (the reason is kept in `lastRefusal`).
   */
  complete(a: Record<string, unknown>): FakeReply {
    const files = a.files;
    const refuse = (why: string) => {
      this.lastRefusal = why;
      return ERROR('invalid_arguments');
    };
    if (!Array.isArray(files) || files.length === 0) return refuse('files must be a non-empty array');
    const entries: Array<{ upload: SlackFakeUpload; title?: string }> = [];
    for (const f of files as unknown[]) {
      const id = typeof f === 'object' && f !== null ? (f as { id?: unknown }).id : undefined;
      const title = typeof f === 'object' && f !== null ? (f as { title?: unknown }).title : undefined;
      const upload = typeof id === 'string' ? this.uploads.get(id) : undefined;
      if (!upload) return refuse(`unknown file id ${String(id)}`);
      if (upload.bytes === undefined) return refuse(`file ${upload.id} was never uploaded`);
      if (upload.bytes.length !== upload.length) return refuse(`file ${upload.id}: ${upload.bytes.length} bytes uploaded, ${upload.length} announced`);
      if (upload.completed) return refuse(`file ${upload.id} already completed`);
      entries.push({ upload, ...(typeof title === 'string' ? { title } : {}) });
    }
    const channelId = typeof a.channel_id === 'string' ? a.channel_id : undefined;
    if (channelId !== undefined && !/^[CGD][A-Z0-9]+$/.test(channelId)) return ERROR('channel_not_found');
    this.lastRefusal = undefined;
    for (const { upload, title } of entries) {
      upload.completed = {
        ...(title === undefined ? {} : { title }),
        ...(channelId === undefined ? {} : { channelId }),
        ...(typeof a.initial_comment === 'string' ? { initialComment: a.initial_comment } : {}),
        ...(a.blocks === undefined ? {} : { blocks: a.blocks }),
        ...(typeof a.thread_ts === 'string' ? { threadTs: a.thread_ts } : {}),
      };
    }
    return {
      body: {
        ok: true,
        files: entries.map(({ upload, title }) => ({ id: upload.id, name: upload.filename, title: title ?? upload.filename, mimetype: upload.filename.endsWith('.png') ? 'image/png' : 'application/octet-stream', size: upload.length })),
      },
    };
  }
}

// Reading invoice data from a receipt file. The port, the deterministic e-invoice XML reader, an OpenAI-compatible
// vision model for images, and the composite that picks one. A model's answer is checked field by field: a field that
// fails its check is dropped rather than guessed, and the caller shows the rest as a suggestion to confirm.
import OpenAI from 'openai';
import { z } from 'zod';
import { InvoiceDataSchema, type InvoiceData } from '../../../domain/invoice/index.js';
import { parseEInvoiceXml } from './einvoice-xml.js';
import { looksLikeOfd, readOfdInvoice } from './ofd.js';

export interface ReceiptFile {
  bytes: Uint8Array;
  contentType: string;
  filename?: string;
}

export type Extraction = { ok: true; invoice: Partial<InvoiceData>; source: 'xml' | 'model'; confidence?: number } | { ok: false; reason: string };

export interface InvoiceExtractor {
  extract(file: ReceiptFile): Promise<Extraction>;
}

const isXml = (f: ReceiptFile) => /(^|\/)(xml)$|\+xml$/.test(f.contentType) || f.filename?.toLowerCase().endsWith('.xml') === true;

const isOfd = (f: ReceiptFile) => f.contentType === 'application/ofd' || f.filename?.toLowerCase().endsWith('.ofd') === true || looksLikeOfd(f.bytes);

/** An e-invoice as OFD: the XML inside it, or its CustomData, read without a model. */
export const ofdExtractor: InvoiceExtractor = {
  async extract(file) {
    const r = readOfdInvoice(file.bytes);
    return r.ok ? { ok: true, invoice: r.invoice, source: 'xml' } : r;
  },
};

export const xmlExtractor: InvoiceExtractor = {
  async extract(file) {
    const r = parseEInvoiceXml(new TextDecoder('utf-8').decode(file.bytes));
    return r.ok ? { ok: true, invoice: r.invoice, source: 'xml' } : r;
  },
};

/** What the model is asked to return: every field optional, amounts as decimal strings (we convert them). */
const ModelAnswer = z.object({
  isInvoice: z.boolean(),
  kind: z.enum(['vat', 'receipt']).optional(),
  code: z.string().optional(),
  number: z.string().optional(),
  issueDate: z.string().optional(),
  sellerName: z.string().optional(),
  sellerTaxId: z.string().optional(),
  buyerName: z.string().optional(),
  buyerTaxId: z.string().optional(),
  currency: z.string().optional(),
  amount: z.string().optional(),
  tax: z.string().optional(),
  total: z.string().optional(),
  checkCode: z.string().optional(),
  merchant: z.string().optional(),
  confidence: z.number().min(0).max(1).optional(),
});

const PROMPT =
  'Read this receipt or Chinese VAT invoice. Return only fields you can read on it; leave out anything not printed. ' +
  'Amounts as decimal strings exactly as printed (no currency symbol). Dates as YYYY-MM-DD. kind is "vat" for a Chinese 增值税发票, else "receipt".';

/** Decimal string → minor units with the currency's two decimals; anything else → undefined. */
const minor = (s: string | undefined) => {
  const m = s ? /^(\d+)(?:\.(\d{1,2}))?$/.exec(s.replace(/[,\s]/g, '')) : null;
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : undefined;
};

export function openAiExtractor(o: { apiKey: string; baseURL?: string; model?: string; timeoutMs?: number }): InvoiceExtractor {
  const client = new OpenAI({ apiKey: o.apiKey, ...(o.baseURL ? { baseURL: o.baseURL } : {}), timeout: o.timeoutMs ?? 20_000, maxRetries: 0 });
  return {
    async extract(file) {
      if (!file.contentType.startsWith('image/')) return { ok: false, reason: `the model reads images; ${file.contentType} is not one` };
      const dataUrl = `data:${file.contentType};base64,${Buffer.from(file.bytes).toString('base64')}`;
      let content: string | null | undefined;
      try {
        const res = await client.chat.completions.create({
          model: o.model ?? 'gpt-4o-mini',
          messages: [{ role: 'user', content: [{ type: 'text', text: PROMPT }, { type: 'image_url', image_url: { url: dataUrl } }] }],
          response_format: { type: 'json_schema', json_schema: { name: 'invoice', strict: false, schema: z.toJSONSchema(ModelAnswer) as Record<string, unknown> } },
        });
        content = res.choices[0]?.message.content;
      } catch (e) {
        return { ok: false, reason: `the model could not be reached: ${(e as Error).message}` };
      }
      // Field by field: one badly typed field is dropped; it does not throw away what was read correctly.
      let raw: unknown;
      try {
        raw = JSON.parse(content ?? '');
      } catch {
        raw = undefined;
      }
      if (raw === null || typeof raw !== 'object' || typeof (raw as { isInvoice?: unknown }).isInvoice !== 'boolean') return { ok: false, reason: 'the model did not answer with invoice fields' };
      const shape = ModelAnswer.shape as Record<string, z.ZodType>;
      const answer = Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter(([k, v]) => shape[k]?.safeParse(v).success)) as z.infer<typeof ModelAnswer>;
      if (!answer.isInvoice) return { ok: false, reason: 'the model found no invoice or receipt in the image' };
      const currency = answer.currency && /^[A-Z]{3}$/.test(answer.currency) ? answer.currency : 'CNY';
      const candidate: Record<string, unknown> = {
        kind: answer.kind ?? 'receipt',
        code: answer.code,
        number: answer.number,
        issueDate: answer.issueDate,
        sellerName: answer.sellerName,
        sellerTaxId: answer.sellerTaxId,
        buyerName: answer.buyerName,
        buyerTaxId: answer.buyerTaxId,
        checkCode: answer.checkCode,
        merchant: answer.merchant,
        ...(minor(answer.amount) !== undefined ? { amount: { minor: minor(answer.amount), currency } } : {}),
        ...(minor(answer.tax) !== undefined ? { tax: { minor: minor(answer.tax), currency } } : {}),
        ...(minor(answer.total) !== undefined ? { total: { minor: minor(answer.total), currency } } : {}),
      };
      // Keep each field only if it passes its own check: a wrong guess is worse than a blank.
      const fields = InvoiceDataSchema.shape as Record<string, z.ZodType>;
      const invoice = Object.fromEntries(Object.entries(candidate).filter(([k, v]) => v !== undefined && fields[k]?.safeParse(v).success)) as Partial<InvoiceData>;
      return { ok: true, invoice, source: 'model', ...(answer.confidence === undefined ? {} : { confidence: answer.confidence }) };
    },
  };
}

/** XML → the deterministic reader; images → the model when configured; otherwise a clear "cannot read". */
export function createExtractor(o: { openAi?: { apiKey: string; baseURL?: string; model?: string; timeoutMs?: number } } = {}): InvoiceExtractor {
  const model = o.openAi ? openAiExtractor(o.openAi) : undefined;
  return {
    async extract(file) {
      if (isOfd(file)) return ofdExtractor.extract(file);
      if (isXml(file)) return xmlExtractor.extract(file);
      if (model) return model.extract(file);
      return { ok: false, reason: `no reader for ${file.contentType}: set OPENAI_API_KEY to read receipts from images` };
    },
  };
}

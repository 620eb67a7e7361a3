// Reading receipts: e-invoice XML deterministically; images through an OpenAI-compatible model (the loopback fake),
// whose answer is kept field by field only where each field passes its check — a wrong guess is dropped, not saved.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractor } from '../../../src/integrations/invoice/extract.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../fakes/openai-server.js';

let ai: FakeOpenAi;
beforeAll(async () => {
  ai = await startFakeOpenAi();
});
afterAll(() => ai.close());

const png = { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png', filename: 'taxi.png' };

describe('createExtractor', () => {
  it('reads e-invoice XML without calling the model', async () => {
    const extractor = createExtractor({ openAi: { apiKey: 'sk-test', baseURL: ai.baseURL } });
    const before = ai.requests.length;
    const r = await extractor.extract({ bytes: readFileSync(new URL('../../fixtures/einvoice/legacy-ofd-original.xml', import.meta.url)), contentType: 'application/xml' });
    expect(r).toMatchObject({ ok: true, source: 'xml', invoice: { number: '40213822', total: { minor: 120_000 } } });
    expect(ai.requests.length).toBe(before);
  });

  it('sends an image to the model and keeps only fields that pass their checks', async () => {
    ai.script({ kind: 'json', body: { isInvoice: true, kind: 'receipt', number: 'A-1029', issueDate: '2026-11-20', merchant: 'Yellow Cab NYC', currency: 'USD', amount: '45.00', total: '45.00', sellerTaxId: 12345, confidence: 0.82 } });
    const r = await createExtractor({ openAi: { apiKey: 'sk-test', baseURL: ai.baseURL } }).extract(png);
    expect(r).toMatchObject({ ok: true, source: 'model', confidence: 0.82, invoice: { kind: 'receipt', number: 'A-1029', merchant: 'Yellow Cab NYC', total: { minor: 4_500, currency: 'USD' } } });
    if (r.ok) expect(r.invoice.sellerTaxId).toBeUndefined(); // not a string: dropped, not guessed
    const sent = ai.requests.at(-1)!.body as { messages: { content: { type: string; image_url?: { url: string } }[] }[] };
    expect(sent.messages[0]!.content.some((p) => p.type === 'image_url' && p.image_url!.url.startsWith('data:image/png;base64,'))).toBe(true);
    expect(ai.requests.at(-1)!.authorization).toBe('Bearer sk-test');
  });

  it('says why when the model finds no invoice, answers garbage, or fails', async () => {
    const extractor = createExtractor({ openAi: { apiKey: 'sk-test', baseURL: ai.baseURL } });
    ai.script({ kind: 'json', body: { isInvoice: false } });
    expect(await extractor.extract(png)).toMatchObject({ ok: false, reason: expect.stringContaining('no invoice') });
    ai.script({ kind: 'content', content: 'I think it says forty-five dollars' });
    expect(await extractor.extract(png)).toMatchObject({ ok: false, reason: expect.stringContaining('did not answer') });
    ai.script({ kind: 'status', status: 500 });
    expect(await extractor.extract(png)).toMatchObject({ ok: false, reason: expect.stringContaining('could not be reached') });
  });

  it('without a model, refuses images with a reason that says how to enable it', async () => {
    expect(await createExtractor().extract(png)).toMatchObject({ ok: false, reason: expect.stringContaining('OPENAI_API_KEY') });
  });
});

// A minimal PNG reader for tests: the header, and the pixels of the 8-bit RGBA / RGB non-interlaced images resvg
// writes (chunks, zlib, and the five scanline filters of PNG §9). Enough to look at what a chart drew, nothing more.
import { inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export interface Pixels {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row by row. */
  rgba: Uint8Array;
}

function chunks(png: Uint8Array): Array<{ type: string; data: Uint8Array }> {
  if (!PNG_SIGNATURE.every((b, i) => png[i] === b)) throw new Error('not a PNG: bad signature');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Array<{ type: string; data: Uint8Array }> = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.push({ type, data: png.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

/** Width, height, bit depth and colour type from IHDR (which must come first). */
export function pngHeader(png: Uint8Array): { width: number; height: number; bitDepth: number; colourType: number } {
  const first = chunks(png)[0];
  if (first?.type !== 'IHDR') throw new Error('not a PNG: IHDR is not the first chunk');
  const v = new DataView(first.data.buffer, first.data.byteOffset, first.data.byteLength);
  return { width: v.getUint32(0), height: v.getUint32(4), bitDepth: first.data[8]!, colourType: first.data[9]! };
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Decodes the pixels (8-bit RGB or RGBA only). */
export function decodePng(png: Uint8Array): Pixels {
  const { width, height, bitDepth, colourType } = pngHeader(png);
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
  if (bitDepth !== 8 || channels === 0) throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colourType}`);
  const all = chunks(png);
  const raw = inflateSync(Buffer.concat(all.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * channels;
  const data = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[y * stride + x - channels]! : 0;
      const b = y > 0 ? data[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? data[(y - 1) * stride + x - channels]! : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      if (predictor === undefined) throw new Error(`bad PNG filter ${filter}`);
      data[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: data };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([data[i * 3]!, data[i * 3 + 1]!, data[i * 3 + 2]!, 255], i * 4);
  return { width, height, rgba };
}

/** Pixels in the rectangle that are clearly darker than the white background (text, axes, bars). */
export function inkIn(p: Pixels, box: { x0: number; y0: number; x1: number; y1: number }): number {
  let n = 0;
  for (let y = box.y0; y < Math.min(box.y1, p.height); y++) {
    for (let x = box.x0; x < Math.min(box.x1, p.width); x++) {
      const i = (y * p.width + x) * 4;
      if (p.rgba[i]! + p.rgba[i + 1]! + p.rgba[i + 2]! < 3 * 200) n++;
    }
  }
  return n;
}

/** The rectangle's pixels as one string, to tell two drawings of it apart. */
export function regionKey(p: Pixels, box: { x0: number; y0: number; x1: number; y1: number }): string {
  const rows: string[] = [];
  for (let y = box.y0; y < box.y1; y++) rows.push(Buffer.from(p.rgba.subarray((y * p.width + box.x0) * 4, (y * p.width + box.x1) * 4)).toString('base64'));
  return rows.join('|');
}

// A fake camera for Chromium (--use-file-for-fake-video-capture): a Y4M file whose frames show a QR code of `text`,
// as a phone held up to a guard's tablet would. qrcode draws the modules; each frame is the same grey-scale picture
// (Y plane, chroma neutral), with the quiet zone the standard asks for.
import { writeFile } from 'node:fs/promises';
import QRCode from 'qrcode';

/** Writes `file` (.y4m): `frames` frames of `width`×`height` showing the QR code of `text`, centred. */
export async function writeQrVideo(file: string, text: string, opts: { width?: number; height?: number; frames?: number } = {}): Promise<void> {
  const width = opts.width ?? 640;
  const height = opts.height ?? 480;
  const frames = opts.frames ?? 10;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const modules = size + 8; // 4 modules of quiet zone each side
  const scale = Math.floor((Math.min(width, height) * 0.9) / modules);
  if (scale < 2) throw new Error('the frame is too small for this QR code');
  const x0 = Math.floor((width - modules * scale) / 2) + 4 * scale;
  const y0 = Math.floor((height - modules * scale) / 2) + 4 * scale;
  const y = Buffer.alloc(width * height, 235); // white
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (qr.modules.get(r, c))
        for (let dy = 0; dy < scale; dy++) y.fill(16, (y0 + r * scale + dy) * width + x0 + c * scale, (y0 + r * scale + dy) * width + x0 + (c + 1) * scale);
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

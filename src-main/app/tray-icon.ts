import type { NativeImage } from 'electron';

const SIZE = 16;

/**
 * The tray icon, drawn in code (a 16 px brand square with a bar chart cut out) so the app needs no image
 * file at run time. Bitmaps are BGRA.
 */
export function trayIcon(images: {
  createFromBitmap(buffer: Buffer, options: { width: number; height: number }): NativeImage;
}): NativeImage {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  const bars = [
    [4, 9],
    [7, 6],
    [10, 3],
  ] as const;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const corner = (x < 2 || x > SIZE - 3) && (y < 2 || y > SIZE - 3);
      const bar = bars.some(([left, top]) => x >= left && x < left + 2 && y >= top && y < 13);
      const offset = (y * SIZE + x) * 4;
      if (corner) continue; // transparent
      // Brand blue square; the bars are left white.
      pixels.set(bar ? [255, 255, 255, 255] : [0xd6, 0x6b, 0x2b, 255], offset);
    }
  }
  return images.createFromBitmap(pixels, { width: SIZE, height: SIZE });
}

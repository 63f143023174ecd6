import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

// Draws the Teams app icons: a white leaf (growth, recovery) on the accent colour for
// color.png (192x192), and the same leaf in white on transparent for outline.png (32x32).
// Run `npx tsx scripts/make-teams-icons.ts` after changing a shape; the PNGs are committed.

const ACCENT = [0x2e, 0x7d, 0x6b] as const; // keep equal to accentColor in teams/manifest.json
const SAMPLES = 8; // per axis: 64 samples a pixel give smooth edges without an image library

interface Leaf {
  /** Half the tip-to-tip length, in pixels. */
  half: number;
  /** Half the widest width, in pixels. */
  width: number;
  /** Width of the vein cut through the middle, in pixels. */
  vein: number;
  /** How far the stem reaches past the base tip, in pixels. */
  stem: number;
}

/** True when the point (relative to the icon centre) is leaf, not background or vein. */
const inLeaf = (x: number, y: number, leaf: Leaf): boolean => {
  // Leaf frame: u runs from the base (bottom left) to the tip (top right), v across it;
  // shifted by half the stem so leaf and stem together sit in the middle.
  const u = (x - y) / Math.SQRT2 - leaf.stem / 2;
  const v = (x + y) / Math.SQRT2;
  const { half: l, width: w } = leaf;
  // A lens is the overlap of two discs of radius r whose centres sit d either side of the axis.
  const r = (l * l + w * w) / (2 * w);
  const d = r - w;
  const lens = u * u + (v - d) ** 2 <= r * r && u * u + (v + d) ** 2 <= r * r;
  const onAxis = Math.abs(v) <= leaf.vein / 2;
  const vein = onAxis && u > -l * 0.8 && u < l * 0.55;
  const stem = onAxis && u <= -l * 0.8 && u >= -l - leaf.stem;
  return (lens && !vein) || stem;
};

/** Fraction of the pixel (px, py) the leaf covers, by supersampling. */
const coverage = (px: number, py: number, size: number, leaf: Leaf): number => {
  let hits = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      const x = px + (i + 0.5) / SAMPLES - size / 2;
      const y = py + (j + 0.5) / SAMPLES - size / 2;
      if (inLeaf(x, y, leaf)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
};

const draw = (size: number, leaf: Leaf, pixel: (c: number) => readonly [number, number, number, number]): Buffer => {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) png.data.set(pixel(coverage(x, y, size, leaf)), (y * size + x) * 4);
  }
  return PNG.sync.write(png);
};

const mix = (c: number) => ACCENT.map((a) => Math.round(a + (255 - a) * c));
const color = draw(192, { half: 54, width: 28, vein: 5, stem: 14 }, (c) => [...mix(c), 255] as [number, number, number, number]);
const outline = draw(32, { half: 11, width: 6, vein: 1.4, stem: 3 }, (c) => [255, 255, 255, Math.round(255 * c)] as const);

const dir = fileURLToPath(new URL('../teams/', import.meta.url));
writeFileSync(`${dir}color.png`, color);
writeFileSync(`${dir}outline.png`, outline);
process.stdout.write(`wrote ${dir}color.png (192x192) and ${dir}outline.png (32x32)\n`);

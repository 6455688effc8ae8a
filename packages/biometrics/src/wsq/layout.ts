import { wsqCorrupt } from './errors.ts';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A region split by one level of the 2-D analysis into four quadrants. The quadrant order is
 * low-pass first unless the region is itself a high-pass child: WSQ "spectrally inverts" the
 * right (resp. bottom) child of every split, so its own split puts the high-pass half on the
 * left (resp. top). That choice also decides which half gets the extra sample of an odd length.
 */
export interface SplitRegion extends Rect {
  readonly highFirstX: boolean;
  readonly highFirstY: boolean;
}

export interface SubbandLayout {
  /** Splits in analysis order (every parent before its children); synthesis runs it backwards. */
  readonly splits: readonly SplitRegion[];
  /** The 60 coded subbands, in the numbering of the specification (and of the DQT table). */
  readonly subbands: readonly Rect[];
}

/** Subbands 0–18, 19–51 and 52–59 are the three entropy-coded blocks an encoder writes. */
export const BLOCK_STARTS = [0, 19, 52] as const;
export const CODED_SUBBANDS = 60;
/** The DQT table has room for 64 subbands; 60–63 (the finest diagonal detail) are never coded. */
export const DQT_SUBBANDS = 64;

/**
 * The fixed WSQ decomposition as a tree: a split into (top-left, top-right, bottom-left,
 * bottom-right), a coded subband ('band'), or the finest diagonal quadrant, which WSQ discards
 * ('drop'). Numbering the bands depth-first gives exactly the 60 subbands of the specification:
 * 0–3 the coarsest four, 4–18 the rest of the low-frequency corner, 19–50 two 16-band squares,
 * 51 the diagonal of level 2, 52–59 the horizontal and vertical details of level 1.
 */
type Plan = 'band' | 'drop' | readonly [Plan, Plan, Plan, Plan];
const FOUR: Plan = ['band', 'band', 'band', 'band'];
const SIXTEEN: Plan = [FOUR, FOUR, FOUR, FOUR];
const CORNER: Plan = [[FOUR, 'band', 'band', 'band'], FOUR, FOUR, FOUR];
const WSQ_PLAN: Plan = [[CORNER, SIXTEEN, SIXTEEN, 'band'], FOUR, FOUR, 'drop'];

/**
 * Smallest image side accepted. The decomposition itself is defined down to ~32 px, but the
 * coarsest split regions are only side/16 long, and when one is shorter than 6 samples the NIST
 * reference implementation (NBIS) no longer extends it symmetrically, so such files would decode
 * differently elsewhere (measured: side 80 → up to 21 gray levels apart, side 81 → ±1). 81 px is
 * the smallest side whose every split region has 6 samples or more.
 */
export const MIN_WSQ_SIDE = 81;
const MIN_SPLIT_LENGTH = 6;

export function layoutFor(width: number, height: number): SubbandLayout {
  if (width < MIN_WSQ_SIDE || height < MIN_WSQ_SIDE) {
    throw wsqCorrupt('image too small for the WSQ decomposition', { width, height, minSide: MIN_WSQ_SIDE });
  }
  const splits: SplitRegion[] = [];
  const subbands: Rect[] = [];
  const visit = (plan: Plan, region: SplitRegion): void => {
    if (plan === 'band') {
      subbands.push({ x: region.x, y: region.y, width: region.width, height: region.height });
      return;
    }
    if (plan === 'drop') return;
    splits.push(region);
    const [left, right] = halves(region.width, region.highFirstX);
    const [top, bottom] = halves(region.height, region.highFirstY);
    const { x, y } = region;
    visit(plan[0], { x, y, width: left, height: top, highFirstX: false, highFirstY: false });
    visit(plan[1], { x: x + left, y, width: right, height: top, highFirstX: true, highFirstY: false });
    visit(plan[2], { x, y: y + top, width: left, height: bottom, highFirstX: false, highFirstY: true });
    visit(plan[3], { x: x + left, y: y + top, width: right, height: bottom, highFirstX: true, highFirstY: true });
  };
  visit(WSQ_PLAN, { x: 0, y: 0, width, height, highFirstX: false, highFirstY: false });
  if (splits.some((s) => Math.min(s.width, s.height) < MIN_SPLIT_LENGTH)) {
    throw wsqCorrupt('image too small for the WSQ decomposition', { width, height, minSide: MIN_WSQ_SIDE });
  }
  return { splits, subbands };
}

/**
 * Lengths of the two halves of a split: the low-pass half keeps the extra sample of an odd
 * length (it is sampled at the even positions, the high-pass half at the odd ones).
 */
function halves(length: number, highFirst: boolean): [number, number] {
  const low = Math.ceil(length / 2);
  const high = length - low;
  return highFirst ? [high, low] : [low, high];
}

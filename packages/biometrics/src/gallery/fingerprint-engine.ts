/**
 * The gallery's default engine: templates stored in the compact codec (formats/compact.ts, which
 * rejects bad bytes with TEMPLATE_CORRUPT / TEMPLATE_UNSUPPORTED) and scored by the project's
 * matcher. Loaded by URL inside each shard's thread (see engine.ts).
 */
import { matchScore, prepareTemplate, type PreparedTemplate } from '../fingerprint/matcher/index.ts';
import { decodeTemplate } from '../formats/index.ts';
import type { GalleryEngine } from './engine.ts';

export const galleryEngine: GalleryEngine<PreparedTemplate> = {
  decode: decodeTemplate,
  prepare: prepareTemplate,
  score: matchScore,
};

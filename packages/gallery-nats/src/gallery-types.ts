/** The gallery library's types this package speaks in (one import site). */
export type {
  Candidate,
  GalleryRecord,
  PrefilterOptions,
  SearchOptions,
  SearchProbe,
  SearchStats,
  ShardStats,
} from '@siap/biometrics/gallery';
export type { FingerPosition } from '@siap/biometrics/fingerprint';

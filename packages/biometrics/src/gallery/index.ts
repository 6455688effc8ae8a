/**
 * The 1:N fingerprint gallery: enrolment, deduplication and identification searches over
 * in-memory shards in worker threads, with a descriptor pre-filter ahead of the full matcher.
 */
export { FingerprintGallery, shardOfSubject } from './fingerprint-gallery.ts';
export type { GalleryOptions } from './fingerprint-gallery.ts';
export type { GalleryEngine, GalleryEngineModule } from './engine.ts';
export { DEFAULT_ENGINE_URL } from './engine.ts';
export { fuseCalibrated, fuseFingerScores, impostorTail } from './fusion.ts';
export { cohortGap, cohortPValue, decideIdentification, operatingPoint, searchThreshold } from './operating-point.ts';
export type { IdentificationOutcome, OperatingPoint } from './operating-point.ts';
export { COHORT_RANK, COHORT_TAIL_SCALE, DEDUPLICATION_FPIR, IDENTIFICATION_FPIR } from './parameters.ts';
export { descriptorSimilarity, galleryDescriptor, probeDescriptor } from './descriptor.ts';
export { INDEX_SCHEME, PROBE_MASK_SIZE, indexScheme, fillProbeMask, cylinderCodeLists, cylinderCodes, cylinderProbeCodes, cylinders, orientedCodes, orientedCylinders, indexCodes, rotationSimilarity } from './cylinder-codes.ts';
export type { CylinderParameters, OrientedCylinder } from './cylinder-codes.ts';
export { cylinderCells } from './cylinder-codes.ts';
export { cylinderSimilarity, mccLayout, mccScore, mccScoreRelaxed, packCylinders, pairsConsidered, templateCylinders } from './mcc-similarity.ts';
export type { MccLayout, PackedCylinders } from './mcc-similarity.ts';
export { CYLINDER_INDEX, DIRECTION_BINS } from './parameters.ts';
export type {
  Candidate,
  FingerScore,
  GalleryRecord,
  PrefilterOptions,
  SearchOptions,
  SearchProbe,
  SearchStats,
  ShardStats,
} from './protocol.ts';
export { addSearchStats, emptySearchStats } from './protocol.ts';
export { BiometricError } from '../errors.ts';
// The pieces a shard hosted elsewhere (a process behind NATS, packages/gallery-nats) is made of.
export { ShardIndex, topKByRotation } from './shard-index.ts';
export { RotationPostings, TopK, codeColumns } from './rotation-postings.ts';
export type { PackedShard } from './shard-index.ts';
export { validateRecord, validateSearch } from './validation.ts';
export { ContentDigest } from './content-digest.ts';
export { readShardFile, writeShardFile, type PackHeader } from './pack-file.ts';
export { PREFILTER_MIN_CANDIDATES, PREFILTER_PENETRATION } from './parameters.ts';

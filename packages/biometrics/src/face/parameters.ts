/**
 * Every tuning constant of the face engine, in one place, named for what it bounds
 * (the SourceAFIS habit). Each says why it has its value.
 */
export const Parameters = {
  image: {
    /** Larger uploads are refused before decoding: a 12 MP JPEG is ~6 MB; 15 MB leaves margin. */
    maxBytes: 15 * 1024 * 1024,
    /** Decompression-bomb guard handed to sharp (`limitInputPixels`): 40 MP. */
    maxPixels: 40_000_000,
    /** Below this the image cannot hold a face the embedding models can use (crop side 112 px). */
    minSide: 32,
    /**
     * Images are downscaled so their longer side is at most this before inference. Human's face
     * detector works at 256 px anyway; the embedding crop is taken from this copy, and at 1280 px
     * a face must be smaller than ~5 % of the frame width before it loses resolution.
     */
    maxInferenceSide: 1280,
  },
  detection: {
    /** Human's detector/mesh confidence floor: below this a detection is not a face. */
    minFaceScore: 0.5,
    /** Upper bound of faces searched per image. Every confident face counts for the
     *  exactly-one-face rule: a second person in frame is what that rule must catch. */
    maxFaces: 10,
    /**
     * Retry on a padded copy when no face is found: the detector (BlazeFace) was trained on
     * portraits with context around the head, and tightly cropped faces (Extended Yale B, ID
     * photos cut at the chin) are missed. Padding with replicated edge pixels (sharp `extend`
     * with `copy`) restores context without adding a hard edge. Fraction of the image side.
     */
    retryPadFraction: 0.5,
    /**
     * Later retries for dark images (under-exposed or side-lit faces, e.g. Extended Yale B):
     * the padded copy brightened by a gamma that brings its mean to this level, then also
     * contrast-equalised (sharp `clahe`, 32 px tiles, slope limit 3). On a yaleb_cropped subset
     * the gamma pass found faces in every image the first two passes missed that it was tried on.
     */
    brightenTargetMean: 110,
    claheTile: 32,
    claheMaxSlope: 3,
  },
  alignment: {
    /**
     * Crop side fed to the embedding model and the margin of the five-point template: the
     * ArcFace/InsightFace template (Deng et al. 2019) maps eyes, nose tip and mouth corners of
     * every face to fixed spots of a 112×112 crop.
     */
    templateSize: 112,
  },
  quality: {
    /** ISO/IEC 19794-5 asks ≥ 60 px between eye centres for a token frontal image; the
     *  embedding crop puts ~35 px between the eyes, so below 40 px the face is upsampled. */
    minInterEyePx: 40,
    /** Frontal pose limits in degrees. ISO/IEC 19794-5 full-frontal allows ±5° yaw/pitch and
     *  ±8° roll; Human's angle estimates from the mesh scatter by several degrees on frontal
     *  faces, so the limits are wider to avoid rejecting compliant captures. */
    maxYawDeg: 20,
    maxPitchDeg: 20,
    maxRollDeg: 15,
    /** Variance of the Laplacian on the grey aligned 112×112 crop (Pech-Pacheco et al. 2000).
     *  Measured on the npm demo portraits: sharp 150–1250, shrunk + JPEG q60 copies 79–98,
     *  Gaussian blur σ 4: 12–29, σ 8: 4–8 (engine.test.ts uses σ 8). LFW (250 px) faces: ~100–140. */
    minSharpness: 60,
    /** Mean grey level of the aligned face crop, 0–255. */
    minMeanGrey: 50,
    maxMeanGrey: 215,
    /** Fraction of face pixels at ≤ 5 or ≥ 250 (clipped): ICAO asks for no burnt-out areas. */
    maxClippedFraction: 0.25,
    /** Eye aspect ratio (Soukupová & Čech 2016) below which an eye counts as closed. */
    minEyeAspectRatio: 0.15,
    /** The face box must lie inside the image with this margin (fraction of face width) or the
     *  face is cut by the frame. */
    minBorderMargin: 0.05,
  },
  photometric: {
    /** Inner-face mean luma (0–255) below which the crop is brightened before embedding. */
    darkFaceMean: 70,
    /** Mean the gamma brings a dark face to. */
    targetMean: 115,
  },
  liveness: {
    /** Former decision floors of Human's two CNNs. No longer the liveness decision: measured on
     *  printed-photo attacks (nuaa_dev) both scored prints above live faces; the decision is the
     *  passive PAD of pad/ (PAD.md). Kept for callers that read them. */
    /** Human's `antispoof` (real-vs-print/screen CNN) score floor. */
    minAntispoof: 0.5,
    /** Human's `liveness` CNN score floor. */
    minLiveness: 0.5,
  },
} as const;

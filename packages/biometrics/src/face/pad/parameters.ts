/**
 * Constants of the passive presentation-attack detector, named for what they bound; the
 * figures that chose them are in face/PAD.md (subject-wise cross-validation on nuaa_dev).
 */
export const PadParameters = {
  crop: {
    /** Side of both PAD crops in px. */
    cropSize: 128,
    /** Zoom of the ArcFace framing for the face crop (< 1 shows more forehead and chin). */
    faceZoom: 0.8,
    /** Zoom of the context crop: twice the face crop's width. */
    contextZoom: 0.4,
  },
  classifier: {
    /** L2 penalty of the logistic regression (per sample, on standardised features). */
    l2: 0.01,
  },
  decision: {
    /** The operating point: the share of live people the passive PAD may refuse (BPCER). The
     *  threshold that reaches it in subject-wise cross-validation ships in model.json. */
    bpcerTarget: 0.05,
  },
} as const;

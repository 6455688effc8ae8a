// Public extraction API (image input, feature extraction, quality, transparency): filled by the extractor.
export {};

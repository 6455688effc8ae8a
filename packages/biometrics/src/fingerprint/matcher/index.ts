// Public matching API (prepared templates, 1:1 scores, threshold): filled by the matcher.
export {};

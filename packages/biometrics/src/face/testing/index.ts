export * from './synthetic-recording.ts';
export * from './head-video.ts';

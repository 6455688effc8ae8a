export * from './synthetic-recording.ts';

export * from './org.types.js';
export * from './directory.js';

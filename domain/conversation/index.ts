// Public surface of the chat conversation core.
export * from './draft.js';

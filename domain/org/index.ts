export * from './org.types.js';
export * from './directory.js';
export * from './new-organisation.js';
export * from './api-scopes.js';

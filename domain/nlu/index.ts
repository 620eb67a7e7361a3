// Public surface of the request-understanding schema.
export * from './parsed-request.js';

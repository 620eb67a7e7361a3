// `npm start`: runs the bundled service (dist/server.js), rebuilding it first only when a source is newer, so a
// restart costs no TypeScript compilation. `npm run dev:tsx` still runs the TypeScript directly.
import { build, ENTRY } from './build.mjs';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

await build();
// Stack traces point at the TypeScript sources through dist/server.js.map.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(ENTRY).href);

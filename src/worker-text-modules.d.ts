// Modules the Workers build imports as text (wrangler.toml [[rules]] type = "Text"): their default export is the file.
declare module 'jsqr/dist/jsQR.js' {
  const source: string;
  export default source;
}

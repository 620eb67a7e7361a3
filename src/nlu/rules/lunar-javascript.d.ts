// lunar-javascript ships no types; the rules use it through the narrow interface declared in holidays.ts.
declare module 'lunar-javascript' {
  const lunarJavascript: unknown;
  export default lunarJavascript;
}

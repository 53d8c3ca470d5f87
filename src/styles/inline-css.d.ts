/** A .css file imported with `?inline` is its text (minified in the build). */
declare module '*.css?inline' {
  const text: string;
  export default text;
}

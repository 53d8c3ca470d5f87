// The widget's one Terser configuration, shared by the script-tag build (vite.config.ts runs it
// over every chunk) and the as-built browser test run (scripts/wtr-build.config.mjs runs it over
// every module of src/, test/ and the widget's dependencies), so the tests exercise code
// transformed as the shipped bundle is.
//
// Names: Terser shortens local names and native `#private` class members. Both are safe by
// construction: nothing outside their scope or class can reach them, so no list of "internal"
// names has to be kept or guessed. Code that wants short member names in the bundle declares them
// `#private`. No other property name is shortened: a public name may be read by the page, by Lit,
// by a Lit binding or from JSON, and no rule derived from the sources can prove it is not.

/**
 * Options for Terser's `minify`. `sourceMap` passes an input map through (the build's chunks);
 * omitted, no map is made (the test run).
 * @param {{ sourceMap?: import('terser').SourceMapOptions | false }} [extra]
 * @returns {import('terser').MinifyOptions}
 */
export function terserOptions({ sourceMap = false } = {}) {
  return {
    module: true,
    ecma: 2022,
    // A second pass finds what the first one's inlining exposed: about 1.3% less gzip overall.
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
    sourceMap,
  };
}

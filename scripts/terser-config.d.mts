import type { MinifyOptions, SourceMapOptions } from 'terser';

export function terserOptions(extra?: { sourceMap?: SourceMapOptions | false }): MinifyOptions;

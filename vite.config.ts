import { defineConfig, type BuildEnvironmentOptions, type Plugin } from 'vite';
import { minify as terser } from 'terser';
import { terserOptions } from './scripts/terser-config.mjs';
import { CSS_TARGET, LIGHTNING_CSS } from './scripts/inline-css.mjs';

// Two builds of src/ (npm run build runs both, then tsc writes the .d.ts files):
// - `vite build`: the script-tag bundle, dist/confab.js plus the chunks it loads on demand from
//   beside itself, fully minified;
// - `vite build --mode npm`: the npm library, one unminified ES module per source module
//   (dist/index.js, dist/define.js, ...), Lit left as an import of the dependency.
// Both inline the widget's .css files (imported with `?inline`) minified by Lightning CSS.

const common: BuildEnvironmentOptions = {
  target: 'es2022',
  cssTarget: CSS_TARGET,
  cssMinify: 'lightningcss',
  outDir: 'dist',
  emptyOutDir: false,
  sourcemap: true,
};

/**
 * Terser over the bundler's minified output: about 1.3% less gzip for the whole widget, and the
 * weight budget is tight. Its options (scripts/terser-config.mjs) are the ones the as-built
 * browser test run applies too. The source maps are carried through.
 */
const terserPass: Plugin = {
  name: 'confab-terser',
  apply: 'build',
  async generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      const mapAsset = bundle[`${chunk.fileName}.map`];
      const result = await terser(
        chunk.code,
        terserOptions({
          sourceMap: chunk.map
            ? { content: JSON.stringify(chunk.map), url: `${chunk.fileName.split('/').pop()}.map` }
            : false,
        }),
      );
      chunk.code = result.code!;
      if (mapAsset?.type === 'asset' && typeof result.map === 'string') {
        mapAsset.source = result.map;
      }
    }
  },
};

export default defineConfig(({ mode }) =>
  mode === 'npm'
    ? {
        css: { lightningcss: LIGHTNING_CSS },
        build: {
          ...common,
          minify: false,
          lib: { entry: { index: 'src/index.ts', define: 'src/define.ts' }, formats: ['es'] },
          rollupOptions: {
            external: [/^@lit\/reactive-element(\/|$)/],
            output: {
              preserveModules: true,
              preserveModulesRoot: 'src',
              // Each module keeps its path, so tsc's .d.ts files sit beside it; an inlined .css
              // file becomes `<name>.css.js` beside the .ts module of the same name.
              entryFileNames: (chunk) =>
                chunk.facadeModuleId?.includes('.css?') ? '[name].css.js' : '[name].js',
            },
          },
        },
      }
    : {
        css: { lightningcss: LIGHTNING_CSS },
        plugins: [terserPass],
        build: {
          ...common,
          modulePreload: false,
          // confab.js, and count.js (<confab-count>, which shares no module with it).
          lib: {
            entry: { confab: 'src/confab.ts', count: 'src/count.ts' } as Record<string, string>,
            formats: ['es'],
            fileName: (_format, name) => `${name}.js`,
          },
          rollupOptions: {
            // Lets the bundler keep modules shared with lazy chunks (Lit, the element's helpers)
            // in confab.js and export them to those chunks, instead of splitting them into a
            // common chunk that confab.js would have to fetch before it can run.
            preserveEntrySignatures: 'allow-extension',
            output: {
              chunkFileNames: 'chunks/[name]-[hash].js',
              // Vite leaves whitespace in ES-format library builds (to keep pure annotations for
              // consumers' tree-shaking); this file is the final script-tag bundle, so minify it
              // fully: 2.4 KB gzip off confab.js.
              minify: true,
            },
          },
        },
      },
);

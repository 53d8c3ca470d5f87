import { defineConfig } from 'vite';
import { minify as terser } from 'terser';
import { terserOptions } from './scripts/terser-config.mjs';

// Builds the script-tag bundle only: dist/confab.js plus the chunks it loads
// on demand from beside itself. The npm library entry (dist/index.js and its
// .d.ts) is emitted by `tsc -p tsconfig.build.json` with dependencies external.
export default defineConfig({
  plugins: [
    {
      // Terser over the bundler's minified output: about 1.3% less gzip for the whole widget,
      // and the weight budget is tight. Its options (scripts/terser-config.mjs) are the ones the
      // as-built browser test run applies too. The source maps are carried through.
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
                ? {
                    content: JSON.stringify(chunk.map),
                    url: `${chunk.fileName.split('/').pop()}.map`,
                  }
                : false,
            }),
          );
          chunk.code = result.code!;
          if (mapAsset?.type === 'asset' && typeof result.map === 'string') {
            mapAsset.source = result.map;
          }
        }
      },
    },
  ],
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    sourcemap: true,
    modulePreload: false,
    lib: {
      entry: 'src/confab.ts',
      formats: ['es'],
      fileName: () => 'confab.js',
    },
    rollupOptions: {
      // Lets the bundler keep modules shared with lazy chunks (lit, the element's helpers)
      // in confab.js and export them to those chunks, instead of splitting them into a
      // common chunk that confab.js would have to fetch before it can run.
      preserveEntrySignatures: 'allow-extension',
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Vite leaves whitespace in ES-format library builds (to keep pure
        // annotations for consumers' tree-shaking); this file is the final
        // script-tag bundle, so minify it fully: 2.4 KB gzip off confab.js.
        minify: true,
      },
    },
  },
});

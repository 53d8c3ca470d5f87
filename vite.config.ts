import { defineConfig } from 'vite';
import { minify as terser } from 'terser';
import { minifyLitTemplates } from './scripts/minify-lit-templates.mjs';
import { internalPropertyNames } from './scripts/internal-names.mjs';
import { purifyDefaults } from './scripts/purify-defaults.mjs';

// Builds the script-tag bundle only: dist/confab.js plus the chunks it loads
// on demand from beside itself. The npm library entry (dist/index.js and its
// .d.ts) is emitted by `tsc -p tsconfig.build.json` with dependencies external.
export default defineConfig({
  // Lit's template text is data to the JS minifier; this strips its indentation and CSS comments.
  plugins: [
    minifyLitTemplates(),
    // DOMPurify's default allow-lists, which the widget's own lists always replace, left out.
    purifyDefaults(),
    {
      // Terser over the bundler's minified output: about 1.3% less gzip for the whole
      // widget, and the weight budget is tight. The source maps are carried through.
      name: 'confab-terser',
      //
      // It also shortens the names of internal properties (private members and a few internal
      // helpers' methods; scripts/internal-names.mjs says which qualify and why): about 500 B
      // gzip off confab.js. One name cache for all chunks, so a property keeps one short name
      // across the entry and the chunks that share its objects; every property name any chunk
      // uses is reserved, so no short name collides with a name left as it is.
      async generateBundle(_options, bundle) {
        const internal = new Set(internalPropertyNames());
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const reserved = new Set<string>();
        for (const chunk of chunks) {
          for (const m of chunk.code.matchAll(/(?:\.|[{,]\s*|["'`])([A-Za-z_$][\w$]*)/g)) {
            if (!internal.has(m[1])) reserved.add(m[1]);
          }
        }
        const properties = {
          regex: new RegExp(`^(?:${[...internal].join('|')})$`),
          reserved: [...reserved],
        };
        const nameCache = {};
        for (const chunk of chunks) {
          const mapAsset = bundle[`${chunk.fileName}.map`];
          const result = await terser(chunk.code, {
            module: true,
            ecma: 2022,
            compress: { passes: 2 },
            mangle: { properties },
            nameCache,
            format: { comments: false },
            sourceMap: chunk.map
              ? {
                  content: JSON.stringify(chunk.map),
                  url: `${chunk.fileName.split('/').pop()}.map`,
                }
              : false,
          });
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

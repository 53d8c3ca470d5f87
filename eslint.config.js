import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { configs as litConfigs } from 'eslint-plugin-lit';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'server/dist/**',
      'server/admin-dist/**',
      'custom-elements.json',
      'bench/results/**',
      // Scratch space (git-ignored).
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['src/**/*.ts', 'admin/**/*.ts', 'test/**/*.ts'], ...litConfigs['flat/recommended'] },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  { files: ['**/*.ts'], rules: { 'no-undef': 'off' } },
);

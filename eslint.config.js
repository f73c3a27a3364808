// Lint: ESLint's and typescript-eslint's recommended rules over the TypeScript sources and tests.
// Runs in `npm test` (scripts/test.js) next to the type check; `npm run lint` alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'test-results/**', 'node_modules/**', 'build/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts}'],
    rules: {
      // `_name` marks a parameter or binding kept for its position or shape.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Runs in the page, where the PeerJS bundle defines `peerjs`.
    files: ['test/e2e/peerjs/fixtures/**/*.js'],
    languageOptions: { globals: { peerjs: 'readonly' } },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', window: 'readonly', document: 'readonly', performance: 'readonly', fetch: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', requestAnimationFrame: 'readonly', PerformanceObserver: 'readonly', HTMLInputElement: 'readonly', Event: 'readonly' },
    },
  },
);

/**
 * electron-vite builds the Electron main process (ESM, out/main) and the sandboxed preload (CommonJS,
 * out/preload/index.cjs). The renderer is built separately (vite.renderer.config.ts → out/renderer),
 * because the same build is also served by the headless CLI.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      sourcemap: true,
      // ws, express and zod stay in node_modules (production dependencies, packaged by electron-builder).
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/main/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      sourcemap: true,
      // A sandboxed preload cannot require() from node_modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
});

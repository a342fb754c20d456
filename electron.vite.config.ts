import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// electron/ + renderer/ + shared/ instead of electron-vite's default src/ layout, so every entry is explicit.
// Outputs: out/main/index.js, out/preload/index.js, out/renderer/index.html
export default defineConfig({
  main: {
    build: {
      // The job worker (electron/core/jobs) and the import read worker (electron/core/import/read-pool.ts) beside
      // the main bundle, as out/main/job-worker.js and out/main/read-worker.js.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'job-worker': resolve(__dirname, 'electron/core/jobs/worker.ts'),
          'read-worker': resolve(__dirname, 'electron/core/import/read-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // The window is sandboxed: a sandboxed preload cannot require packages, so zod and the contracts are bundled.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      // Minified (electron-vite leaves it off for the renderer) and split: the libraries that change rarely in
      // their own chunks, each page in its own chunk where the shell loads it lazily.
      minify: true,
      chunkSizeWarningLimit: 1500,
      rollupOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html') },
        output: {
          codeSplitting: {
            groups: [
              { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
              { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+|@babel[\\/]runtime|dayjs)[\\/]/, priority: 20 },
              { name: 'vendor', test: /node_modules[\\/]/, priority: 10 },
            ],
          },
        },
      },
    },
  },
});

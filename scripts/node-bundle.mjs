// The esbuild options of the plain-Node bundles in out/node (the command line, the web host and their workers;
// scripts/build-node.mjs). The import bench (bench/import.ts) bundles its measuring process with the same options,
// so that it times the import as the built command line runs it, not as tsx compiles the sources on the fly.
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Bundled too: zod and drizzle (their own files took a third of the start, resolving and loading modules the
  // core never uses). Left to node_modules: the native SQLite binding and the writers' libraries loaded later.
  external: ['better-sqlite3', 'docx', 'exceljs', 'esbuild'],
  mainFields: ['module', 'main'],
  // Minified: less to parse at each start.
  minify: true,
  // import() of the writers' libraries as a deferred require(): the bundle then runs as plain CommonJS code, which
  // bin/tonghop.mjs compiles with V8's code cache.
  supported: { 'dynamic-import': false },
  logLevel: 'warning',
};

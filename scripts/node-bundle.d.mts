/** See node-bundle.mjs: the esbuild options of the plain-Node bundles in out/node. */
export declare const NODE_BUNDLE: {
  bundle: boolean;
  platform: 'node';
  target: string;
  format: 'cjs';
  external: string[];
  mainFields: string[];
  minify: boolean;
  supported: Record<string, boolean>;
  logLevel: 'warning';
};

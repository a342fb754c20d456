/** Vite's `?worker&url` import: the URL of the module bundled as a worker script (vite/client's declaration). */
declare module '*?worker&url' {
  const url: string;
  export default url;
}

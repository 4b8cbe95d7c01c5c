// Vite's `?url` imports: the bundled file's URL on this server (e.g. the base map's TopoJSON).
declare module "*?url" {
  const url: string;
  export default url;
}

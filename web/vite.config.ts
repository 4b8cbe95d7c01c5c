import { defineConfig } from "vite";

// Built into web/dist, which `kingpin serve` serves at / (assets under /assets/).
// Everything is bundled: the page fetches nothing from outside at run time.
export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});

import { defineConfig } from 'vite';

// `npm run dev` serves the app on http://localhost:5173 and proxies the API there (same origin: no CORS, the session
// cookie and mp_csrf belong to the page's host). MARKETPLACE_API_URL says where the API runs (default: the dev run).
// To call the API cross-origin instead, build or serve with VITE_API_URL=http://localhost:8080 (see README).
const api = process.env.MARKETPLACE_API_URL ?? 'http://localhost:8080';

export default defineConfig({
  server: {
    port: Number(process.env.PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/ws': { target: api, ws: true, changeOrigin: false },
    },
  },
  preview: { port: Number(process.env.PORT ?? 4173), strictPort: true },
  build: { target: 'es2022', sourcemap: true },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The browser app: built into web/ui/dist during install (postinstall), served by Express (web/http/static-ui.ts). */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
});

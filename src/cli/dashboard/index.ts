/** The headless dashboard server: static renderer + admin WebSocket, token-protected. */
export {
  DEFAULT_ADMIN_HOST,
  DEFAULT_ADMIN_PORT,
  startDashboardServer,
  type DashboardServer,
  type DashboardServerOptions,
} from './server.js';
export { generateToken, TOKEN_COOKIE } from './token.js';
export { configDir, createTokenStore, TOKEN_FILE_NAME, type TokenStore } from './token-store.js';

import { fileURLToPath } from 'node:url';

/** Where `npm run build:renderer` puts the dashboard, from this file's place in src/ or dist/. */
export function defaultStaticDir(): string {
  return fileURLToPath(new URL('../../../out/renderer', import.meta.url));
}

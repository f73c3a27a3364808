/** Reads the admin token from the page address: ?token=… or #token=… (like Jupyter). */
export function tokenFromLocation(search: string, hash: string): string | null {
  const fromQuery = new URLSearchParams(search).get('token');
  if (fromQuery) return fromQuery;
  const fromHash = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash).get('token');
  return fromHash || null;
}

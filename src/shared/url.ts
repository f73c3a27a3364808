/** A URL, or null when the text is not one (the `URL.parse` of newer runtimes, for Node 20 too). */
export function parseUrl(text: string, base?: string): URL | null {
  try {
    return new URL(text, base);
  } catch {
    return null;
  }
}

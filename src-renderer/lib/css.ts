/** The current value of a CSS custom property on <html> (theme colours for canvases), or `fallback`. */
export function cssVar(name: string, fallback = ''): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

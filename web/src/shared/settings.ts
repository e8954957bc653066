/** Platform settings the API process writes into the page's meta tags (see src/http/web.ts). */

function meta(name: string, fallback: string): string {
  const value = typeof document === 'undefined' ? undefined : document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
  return value && value.length > 0 ? value : fallback;
}

/** The zone days, reports and validity are counted in; every date on screen is shown in it. */
export function platformTimeZone(): string {
  return meta('scrip-time-zone', 'Asia/Shanghai');
}

export function defaultCurrency(): string {
  return meta('scrip-currency', 'CNY');
}

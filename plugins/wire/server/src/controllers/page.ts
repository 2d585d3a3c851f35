/** `?page=&pageSize=` of an admin list, within bounds. */
export function pageOf(query: Record<string, unknown> | undefined, defaultSize = 25) {
  const page = Math.max(1, Number(query?.page) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(query?.pageSize) || defaultSize));
  return { page, pageSize };
}

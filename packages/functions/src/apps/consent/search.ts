/**
 * The search of the staff consent pages (`?q=`): by a group's code or a student's or parent's
 * name, ignoring case, «ё», spaces and dashes, so «тм21» finds «ТМ-21» and «семенов» «Семёнов».
 */
const fold = (s: string) =>
  s
    .toLocaleLowerCase("ru-RU")
    .replaceAll("ё", "е")
    .replace(/[\s\-‐–—_.]+/g, "");

/** The query of a request, trimmed and bounded; undefined when there is nothing to look for. */
export function searchQuery(raw: string | undefined): string | undefined {
  const q = raw?.trim().slice(0, 100);
  return q && fold(q) ? q : undefined;
}

/** Whether any of `texts` contains the query (a missing query matches everything). */
export function matchesQuery(query: string | undefined, ...texts: Array<string | undefined>): boolean {
  if (!query) return true;
  const needle = fold(query);
  return texts.some((t) => t !== undefined && fold(t).includes(needle));
}

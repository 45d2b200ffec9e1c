/** `Content-Disposition: attachment` with an ASCII fallback and the UTF-8 (Russian) name (RFC 6266). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A file name part from a group code or a document number («ТМ-21», «12/3»: slashes and the like replaced). */
export const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, "_");

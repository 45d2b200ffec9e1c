import { ORDER_KINDS } from "@soglasie/core/orders/types";
import { parseInput, z } from "@soglasie/core/validation";

/** Empty query or form values mean "no filter". */
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

/** Register filters from a query string: `?year=2026&kind=appoint-administrator`. */
export const registerFilterSchema = z.object({
  year: z.preprocess(
    blank,
    z.coerce
      .number()
      .int("Год — целое число")
      .min(2000, "Год не раньше 2000")
      .max(2100, "Год не позже 2100")
      .optional(),
  ),
  kind: z.preprocess(blank, z.enum(ORDER_KINDS, "Неизвестный вид приказа").optional()),
});
export type RegisterFilter = z.output<typeof registerFilterSchema>;

/** Orders chosen for a ZIP: repeated `id` parameters. */
export const zipSelectionSchema = z.object({
  id: z.array(z.string().trim().min(1).max(100)).min(1, "Выберите хотя бы один приказ"),
});

/** The register filter of a request (`?year=&kind=`), refused with field messages when malformed. */
export const registerFilter = (query: Record<string, string>) =>
  parseInput(registerFilterSchema, query, "Неверный фильтр журнала");

/** The filter as a query string again, for the download links of the page. */
export function filterQuery(f: RegisterFilter): string {
  const p = new URLSearchParams();
  if (f.year) p.set("year", String(f.year));
  if (f.kind) p.set("kind", f.kind);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** A register download's name: «Журнал_приказов_2026_appoint-administrator.csv». */
export function registerFilename(f: RegisterFilter, extension: "csv" | "pdf"): string {
  const suffix = [f.year, f.kind].filter(Boolean).join("_");
  return `Журнал_приказов${suffix ? `_${suffix}` : ""}.${extension}`;
}

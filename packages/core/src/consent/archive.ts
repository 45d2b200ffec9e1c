import { ruDate } from "../clock.js";
import type { DocumentRecord, DocumentType } from "../documents/types.js";
import { csvDocument } from "../exports/csv.js";
import { zipStream } from "../exports/zip.js";
import type { Services } from "../services.js";
import type { GroupDashboard } from "./dashboard.js";

const KIND: Record<string, string> = {
  consent: "Согласие",
  refusal: "Отказ",
  "personal-data-consent": "Согласие на обработку ПДн",
  "personal-data-consent-withdrawal": "Отзыв согласия на обработку ПДн",
};
/** The parents' documents an archive holds (the ones the caller may read: `types`). */
export const PARENT_DOCUMENT_TYPES = Object.keys(KIND) as DocumentType[];
const STATUS: Record<string, string> = { current: "действует", superseded: "заменён", withdrawn: "отозван" };

/** A file name every OS accepts. */
const safeName = (s: string) =>
  s
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, "_")
    .replace(/\s+/g, " ")
    .trim();

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Every signed parents' document of a group as one ZIP, of the `types` the caller may read (the
 * personal-data consents hold passport numbers: not every role sees them): documents in force at
 * the top level, superseded ones in «Заменённые/», withdrawn ones in «Отозванные/», and «опись.csv» listing each file
 * with its status and SHA-256.
 * PDFs are stored without compression (they are compressed already). Bytes are checked against
 * their recorded SHA-256 as they are read (documents.pdf).
 */
export async function groupArchive(
  services: Services,
  dashboard: GroupDashboard,
  types: readonly DocumentType[] = PARENT_DOCUMENT_TYPES,
): Promise<NodeJS.ReadableStream> {
  const withDecision = dashboard.rows.filter((r) => r.request?.decision);
  const perStudent = await mapLimit(withDecision, 6, async (r) => ({
    row: r,
    documents: (await services.documents.listByOwner("consent-request", r.request!.requestId)).filter((d) =>
      types.includes(d.type),
    ),
  }));
  const entries: Array<{ doc: DocumentRecord; path: string; student: string }> = [];
  for (const { row, documents } of perStudent) {
    for (const doc of documents) {
      const name = safeName(
        `${row.student.fullName} — ${KIND[doc.type]} № ${doc.number} от ${ruDate(doc.date)}.pdf`,
      );
      entries.push({
        doc,
        student: row.student.fullName,
        path:
          doc.status === "current"
            ? name
            : `${doc.status === "withdrawn" ? "Отозванные" : "Заменённые"}/${name}`,
      });
    }
  }
  const files = await mapLimit(entries, 6, (e) => services.documents.pdf(e.doc));
  const inventory = csvDocument(
    ["Файл", "Обучающийся", "Документ", "Номер", "Дата", "Статус", "SHA-256"],
    entries.map((e) => [
      e.path,
      e.student,
      KIND[e.doc.type],
      e.doc.number,
      ruDate(e.doc.date),
      STATUS[e.doc.status],
      e.doc.sha256,
    ]),
  );
  return zipStream([
    ...entries.map((e, i) => ({ name: e.path, bytes: files[i]!, mtime: new Date(e.doc.signedAt) })),
    { name: "опись.csv", bytes: Buffer.from(inventory, "utf8"), mtime: services.now(), compress: true },
  ]);
}

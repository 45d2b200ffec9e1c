import { ruDateTime } from "../../clock.js";
import type { OrgRequisites } from "../../config.js";
import { pepRulesContext } from "../../pep/template-context.js";
import { isParentDocument, parentDocumentContext } from "../parent-context.js";
import type { DocumentData } from "../schemas.js";
import type { DocumentMeta, DocumentType } from "../types.js";

/**
 * The values a template sees: the validated data, the organisation's requisites (`org.*`), the
 * registration data (`doc.*`) and a few values computed per type (labels, totals, local times).
 */
export function templateContext(
  type: DocumentType,
  data: DocumentData<DocumentType>,
  meta: DocumentMeta,
  org: OrgRequisites,
): Record<string, unknown> {
  const timeZone = meta.timeZone ?? "Asia/Chita";
  const base = {
    ...(data as Record<string, unknown>),
    org,
    doc: { id: meta.documentId, number: meta.number, date: meta.date, verifyUrl: meta.verifyUrl },
    // Who signs (the mark names them): a @signature row can print the same person.
    ...(meta.signatory
      ? { signatory: { fullName: meta.signatory.fullName, position: meta.signatory.position ?? "" } }
      : {}),
    // The signature rules the signatory signed under (DocumentService.prepare stamps them).
    ...(meta.pep ? { pep: meta.pep } : {}),
  };
  if (isParentDocument(type))
    return { ...base, ...parentDocumentContext(type, data as never, timeZone, org) };
  switch (type) {
    case "pep-rules":
      return { ...base, ...pepRulesContext(data as DocumentData<"pep-rules">, meta.verifyUrl) };
    case "protocol-extract": {
      const d = data as DocumentData<"protocol-extract">;
      const quorum = d.quorum ?? d.membersPresent * 2 > d.membersTotal;
      const adopted = d.adopted ?? d.votes.for * 2 > d.membersPresent;
      return { ...base, quorum, adopted };
    }
    case "order-assign-class-teachers": {
      const d = data as DocumentData<"order-assign-class-teachers">;
      return { ...base, assignments: d.assignments.map((a) => ({ ...a, position: a.position ?? "" })) };
    }
    case "order-cancel": {
      const d = data as DocumentData<"order-cancel">;
      // «Об отмене приказа» voids an order issued in error from the start; «О признании утратившим
      // силу» ends an order from a date (it was in force until then).
      const voidFrom = d.cancelKind === "void-from";
      return {
        ...base,
        voidFrom,
        heading: voidFrom ? "О признании утратившим силу приказа" : "Об отмене приказа",
      };
    }
    case "acknowledgment": {
      const d = data as DocumentData<"acknowledgment">;
      return {
        ...base,
        entries: d.entries.map((e) => ({
          ...e,
          date: e.date ?? "",
          mark: e.mark ?? (e.date ? "ознакомлен(а)" : ""),
        })),
      };
    }
    case "orders-register": {
      const d = data as DocumentData<"orders-register">;
      return {
        ...base,
        period: d.year ? `за ${d.year} год` : "за все годы",
        // Extracts of different filters are told apart on the verification page by their titles.
        kindNote: d.kind ? `, вид: ${d.kind}` : "",
        generatedAt: ruDateTime(new Date(d.generatedAt), timeZone),
        filterLine: d.kind ? `Вид приказов: ${d.kind}.` : "Все виды приказов.",
        total: d.rows.length,
      };
    }
    default:
      return base;
  }
}

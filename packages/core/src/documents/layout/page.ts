/**
 * Page geometry of every document (A4, ГОСТ Р 7.0.97: fields of at least 20 mm left, top and
 * bottom, 10 mm right). Documents kept permanently or over 10 years get a 30 mm left field, the
 * room bound case files take (docs/documents.md says why).
 */

export const MM = 72 / 25.4;
export const PAGE = { width: 595.28, height: 841.89 };

export type Storage = "permanent" | "long" | "temporary";
export const STORAGE_VALUES: readonly Storage[] = ["permanent", "long", "temporary"];

export interface Margins {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function pageMargins(storage: Storage): Margins {
  const left = storage === "temporary" ? 20 : 30;
  return { top: 20 * MM, bottom: 20 * MM, left: left * MM, right: 10 * MM };
}

/** Page numbers: from the second page, centred over the text, 10 mm from the top edge. */
export const PAGE_NUMBER_TOP = 10 * MM;

/** Requisite 31, the QR code of the document: bottom right of the first page, inside the fields. */
export const QR_SIDE = 22 * MM;
/** Space kept between the text of the first page and the QR code. */
export const QR_CLEARANCE = 3 * MM;

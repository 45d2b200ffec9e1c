import { NotFoundError, ValidationError } from "../errors.js";
import { zipBytes } from "../exports/zip.js";
import type { Services } from "../services.js";
import { orderFileName } from "./export.js";
import { requireOrder } from "./register.js";
import type { OrderEntry } from "./types.js";

/** Lifetime of a download link: long enough to start a download, short enough not to be shared. */
export const ORDER_LINK_TTL_SECONDS = 300;
/** Orders per ZIP: bounds the memory of one request (an order PDF is ~50–150 KB). */
export const MAX_ZIP_ORDERS = 200;

async function s3KeyOf(services: Services, order: OrderEntry): Promise<string> {
  const record = await services.documents.get(order.documentId);
  if (!record) throw new NotFoundError("Документ приказа не найден");
  return record.s3Key;
}

/**
 * A presigned S3 URL of the order's signed PDF, signed with the service clock so that it expires
 * `expiresIn` seconds after `services.now()`.
 */
export async function orderDownloadUrl(
  services: Services,
  orderId: string,
  expiresIn = ORDER_LINK_TTL_SECONDS,
): Promise<string> {
  const order = await requireOrder(services, orderId);
  return services.objects.presign(await s3KeyOf(services, order), {
    expiresIn,
    filename: orderFileName(order),
    signingDate: services.now(),
  });
}

/** The signed PDF bytes of an order, exactly as issued. */
export async function orderPdf(
  services: Services,
  orderId: string,
): Promise<{ order: OrderEntry; bytes: Uint8Array }> {
  const order = await requireOrder(services, orderId);
  return { order, bytes: await services.objects.get(await s3KeyOf(services, order)) };
}

/** Several orders' signed PDFs as one ZIP, in the order given (duplicates ignored). */
export async function ordersZip(services: Services, orderIds: string[]): Promise<Buffer> {
  const ids = [...new Set(orderIds)];
  if (ids.length === 0)
    throw new ValidationError("Выберите хотя бы один приказ", { orderIds: ["Не выбрано ни одного приказа"] });
  if (ids.length > MAX_ZIP_ORDERS) {
    throw new ValidationError(`Не больше ${MAX_ZIP_ORDERS} приказов в одном архиве`, {
      orderIds: ["Слишком много приказов"],
    });
  }
  const files: Array<{ name: string; bytes: Uint8Array; mtime: Date }> = [];
  // In small batches: a ZIP of 200 orders should not open 200 S3 connections at once.
  for (let i = 0; i < ids.length; i += 8) {
    const batch = await Promise.all(ids.slice(i, i + 8).map((id) => orderPdf(services, id)));
    for (const { order, bytes } of batch) {
      files.push({ name: orderFileName(order), bytes, mtime: new Date(`${order.date}T12:00:00Z`) });
    }
  }
  return zipBytes(files);
}

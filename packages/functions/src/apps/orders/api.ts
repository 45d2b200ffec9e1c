import type { Actor } from "@soglasie/core/audit/types";
import { appointAdministrator, appointmentInputSchema } from "@soglasie/core/orders/appointments";
import { assignClassTeachers, classTeachersInputSchema } from "@soglasie/core/orders/class-teachers";
import { ORDER_LINK_TTL_SECONDS, orderDownloadUrl, ordersZip } from "@soglasie/core/orders/downloads";
import { registerCsv } from "@soglasie/core/orders/export";
import type { IssuedOrder } from "@soglasie/core/orders/issue-order";
import { listOrders, listOrderYears, requireOrder } from "@soglasie/core/orders/register";
import { registerPdf } from "@soglasie/core/orders/register-pdf";
import type { OrderEntry } from "@soglasie/core/orders/types";
import { parseInput } from "@soglasie/core/validation";
import type { Context } from "hono";
import { Hono } from "hono";
import { requireRoles } from "../../http/auth.js";
import { readJson } from "../../http/body.js";
import type { AppEnv } from "../../http/env.js";
import { sendExport } from "../../http/exports.js";
import { registerFilterSchema, zipSelectionSchema } from "./shared.js";

/** Who may see the register and download orders; only the director issues them (clauses 2.1, 2.4). */
export const READERS = ["director", "administrator"] as const;

export function directorActor(c: Context<AppEnv>): Actor {
  return { type: "staff", id: c.get("user")!.staff.staffId, role: "director" };
}

/** The director or the administrator reading the register (the director's role wins). */
function readerActor(c: Context<AppEnv>): Actor {
  const user = c.get("user")!;
  const role = user.roles.includes("director") ? "director" : "administrator";
  return { type: "staff", id: user.staff.staffId, role };
}

const issued = (o: IssuedOrder) => ({
  orderId: o.orderId,
  number: o.number,
  date: o.date,
  documentId: o.documentId,
});

export function orderJson(o: OrderEntry) {
  return {
    orderId: o.orderId,
    kind: o.kind,
    number: o.number,
    seq: o.seq,
    year: o.year,
    date: o.date,
    title: o.title,
    status: o.status,
    signedBy: o.signedBy,
    documentId: o.documentId,
    createdAt: o.createdAt,
    replacedBy: o.replacedBy ?? null,
    pdfUrl: `/api/orders/${o.orderId}/pdf`,
  };
}

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

const filterFrom = (c: Context<AppEnv>) =>
  parseInput(registerFilterSchema, c.req.query(), "Неверный фильтр журнала");

const suffix = (f: { year?: number; kind?: string }) => [f.year, f.kind].filter(Boolean).join("_");

export const ordersApi = new Hono<AppEnv>()
  .post("/api/orders/administrator-appointments", requireRoles("director"), async (c) => {
    const body = await readJson(c, appointmentInputSchema);
    return c.json(issued(await appointAdministrator(c.get("services"), body, directorActor(c))), 201);
  })
  .post("/api/orders/class-teacher-assignments", requireRoles("director"), async (c) => {
    const body = await readJson(c, classTeachersInputSchema);
    return c.json(issued(await assignClassTeachers(c.get("services"), body, directorActor(c))), 201);
  })
  .get("/api/orders", requireRoles(...READERS), async (c) => {
    const filter = filterFrom(c);
    const services = c.get("services");
    const [orders, years] = await Promise.all([listOrders(services, filter), listOrderYears(services)]);
    return c.json({ filter, years, orders: orders.map(orderJson) });
  })
  .get("/api/orders/register.csv", requireRoles(...READERS), async (c) => {
    const filter = filterFrom(c);
    const csv = registerCsv(await listOrders(c.get("services"), filter));
    return c.body(csv as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachment(`Журнал_приказов${suffix(filter) ? `_${suffix(filter)}` : ""}.csv`),
      "cache-control": "no-store",
    });
  })
  // Each download issues a new signed extract (recorded, verifiable) that supersedes the previous
  // extract of the same filter.
  .get("/api/orders/register.pdf", requireRoles(...READERS), async (c) => {
    const filter = filterFrom(c);
    const extract = await registerPdf(c.get("services"), filter, readerActor(c));
    return c.body(extract.bytes as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": attachment(`Журнал_приказов${suffix(filter) ? `_${suffix(filter)}` : ""}.pdf`),
      "cache-control": "no-store",
      "x-document-id": extract.record.documentId,
    });
  })
  .get("/api/orders/archive.zip", requireRoles(...READERS), async (c) => {
    const { id } = parseInput(zipSelectionSchema, { id: c.req.queries("id") ?? [] }, "Выберите приказы");
    const zip = await ordersZip(c.get("services"), id);
    // Through S3 on AWS or when large: a function cannot return more than 6 MB.
    return sendExport(c, zip, { filename: "Приказы.zip", contentType: "application/zip" });
  })
  .get("/api/orders/:orderId", requireRoles(...READERS), async (c) => {
    return c.json(orderJson(await requireOrder(c.get("services"), c.req.param("orderId"))));
  })
  .get("/api/orders/:orderId/pdf", requireRoles(...READERS), async (c) => {
    const url = await orderDownloadUrl(c.get("services"), c.req.param("orderId"), ORDER_LINK_TTL_SECONDS);
    c.header("cache-control", "no-store");
    return c.redirect(url, 302);
  });

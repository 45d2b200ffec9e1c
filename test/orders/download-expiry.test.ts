import { ORDER_LINK_TTL_SECONDS, orderDownloadUrl } from "@soglasie/core/orders/downloads";
import { describe, expect, it } from "vitest";
import { json, ordersTestApp } from "./support.js";

describe("presigned download links of orders", () => {
  it("work within their short lifetime and stop working after it (s3rver checks X-Amz-Expires)", async () => {
    const t = await ordersTestApp();
    const director = await t.signIn(["director"], { pedagogical: false });
    const teacher = await t.member(["teacher"]);
    const res = await t.app.request(
      "/api/orders/administrator-appointments",
      json({ staffId: teacher.staffId, effectiveFrom: t.today() }, director.bearer),
    );
    const { orderId } = (await res.json()) as { orderId: string };

    const link = await t.app.request(`/api/orders/${orderId}/pdf`, { headers: director.bearer });
    expect(link.status).toBe(302);
    expect(link.headers.get("cache-control")).toBe("no-store");
    const fresh = new URL(link.headers.get("location")!);
    expect(fresh.searchParams.get("X-Amz-Expires")).toBe(String(ORDER_LINK_TTL_SECONDS));
    expect(ORDER_LINK_TTL_SECONDS).toBeLessThanOrEqual(600);
    const ok = await fetch(fresh);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/pdf");
    expect(ok.headers.get("content-disposition")).toContain("attachment;");

    // Links are signed with the service clock: a link issued a lifetime-and-a-second ago is dead.
    t.clock.current = new Date(Date.now() - (ORDER_LINK_TTL_SECONDS + 1) * 1000);
    const stale = new URL(await orderDownloadUrl(t.services, orderId));
    const refused = await fetch(stale);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Request has expired");

    // A link issued now works (the store does not refuse every signed link).
    t.clock.current = new Date();
    const short = await fetch(await orderDownloadUrl(t.services, orderId, 60));
    expect(short.status).toBe(200);
  });
});

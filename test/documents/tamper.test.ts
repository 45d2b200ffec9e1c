import { describe, expect, it } from "vitest";
import { inspectPdf } from "../../packages/core/src/documents/records/inspect-pdf.js";
import { render, save, tool } from "./support.js";

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

const indexOf = (bytes: Uint8Array, text: string) => Buffer.from(bytes).indexOf(Buffer.from(text, "latin1"));

describe("a byte changed after signing", () => {
  it("in the signed content: verification and pdfsig fail", async () => {
    const { bytes } = await render("consent");
    expect(inspectPdf(bytes).intact).toBe(true);
    const at = indexOf(bytes, "(Soglasie consent-service)");
    expect(at).toBeGreaterThan(0);
    const altered = flip(bytes, at + 3);
    const check = inspectPdf(altered);
    expect(check.signed).toBe(true);
    expect(check.cms?.digestMatches).toBe(false);
    expect(check.intact).toBe(false);
    const sig = tool("pdfsig", [save(altered)]);
    expect(sig.out).not.toContain("Signature is Valid.");
    expect(sig.out).toMatch(/Digest Mismatch|Signature is Invalid/);
  });

  it("in the embedded signature: the CMS signature is invalid", async () => {
    const { bytes } = await render("order-approve-regulation");
    const start = indexOf(bytes, "/Contents <") + "/Contents <".length;
    // The CMS is DER: 30 82 LL LL; the signature value is its last element, so alter a hex digit there.
    const header = Buffer.from(bytes.subarray(start, start + 8)).toString("latin1");
    expect(header.slice(0, 4)).toBe("3082");
    const cmsLength = 4 + Number.parseInt(header.slice(4, 8), 16);
    const at = start + 2 * (cmsLength - 20);
    const altered = new Uint8Array(bytes);
    altered[at] = altered[at] === 0x30 ? 0x31 : 0x30;
    const check = inspectPdf(altered);
    expect(check.intact).toBe(false);
    expect(check.cms?.signatureValid && check.cms.digestMatches).toBe(false);
    expect(tool("pdfsig", [save(altered)]).out).not.toContain("Signature is Valid.");
  });

  it("appended after the signature (incremental update): no longer the whole file", async () => {
    const { bytes } = await render("refusal");
    const appended = Buffer.concat([bytes, Buffer.from("\n% appended\n")]);
    const check = inspectPdf(appended);
    expect(check.cms?.signatureValid).toBe(true);
    expect(check.coversWholeFile).toBe(false);
    expect(check.intact).toBe(false);
    expect(tool("pdfsig", [save(appended)]).out).not.toContain("Total document signed");
  });

  it("something that is not a signed PDF is reported as such", () => {
    const check = inspectPdf(new TextEncoder().encode("%PDF-1.7\nnothing here\n%%EOF"));
    expect(check.signed).toBe(false);
    expect(check.intact).toBe(false);
    expect(inspectPdf(new Uint8Array([1, 2, 3])).signed).toBe(false);
  });
});

import { checkProtocolPdf, MAX_PROTOCOL_BYTES } from "@soglasie/core/council/pdf-check";
import { PayloadTooLargeError, ValidationError } from "@soglasie/core/errors";
import { describe, expect, it } from "vitest";
import { protocolPdf, qpdfRewrite } from "../regulation/support.js";

const refusal = (bytes: Uint8Array) => {
  try {
    checkProtocolPdf(bytes);
  } catch (error) {
    return error as Error;
  }
  return undefined;
};

describe("protocol scan check (by content, not by name)", () => {
  it("accepts a real PDF, also with object streams and a cross-reference stream, linearized or not", async () => {
    const pdf = await protocolPdf();
    expect(refusal(pdf)).toBeUndefined();
    expect(refusal(await qpdfRewrite(pdf, ["--object-streams=generate"]))).toBeUndefined();
    expect(refusal(await qpdfRewrite(pdf, ["--linearize"]))).toBeUndefined();
    // Trailing NUL padding after %%EOF (some scanners) is tolerated.
    expect(refusal(new Uint8Array([...pdf, 0, 0, 0, 0]))).toBeUndefined();
  });

  it("refuses non-PDF content whatever the name says", () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(100).fill(0)]);
    const error = refusal(png);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error!.message).toContain("в формате PDF");
    expect((error as ValidationError).fields.protocol).toBeDefined();
    expect(refusal(new TextEncoder().encode("Это текст, а не PDF"))).toBeInstanceOf(ValidationError);
    expect(refusal(new Uint8Array())!.message).toBe("Файл протокола пуст");
  });

  it("refuses a truncated or damaged PDF", async () => {
    const pdf = await protocolPdf();
    const truncated = pdf.slice(0, Math.floor(pdf.length * 0.6));
    expect(refusal(truncated)!.message).toContain("повреждён");
    // A header glued onto other bytes is not a PDF either.
    const fake = new TextEncoder().encode("%PDF-1.7\nnot really\nstartxref\n5\n%%EOF\n");
    expect(refusal(fake)!.message).toContain("повреждён");
    // startxref pointing past the end.
    const text = Buffer.from(pdf)
      .toString("latin1")
      .replace(/startxref\s+\d+/, "startxref\n99999999");
    expect(refusal(new Uint8Array(Buffer.from(text, "latin1")))).toBeInstanceOf(ValidationError);
  });

  it("refuses more than 20 MB with a 413-kind error before looking at the content", () => {
    const big = new Uint8Array(MAX_PROTOCOL_BYTES + 1);
    const error = refusal(big);
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect(error!.message).toContain("больше 20 МБ");
  });
});

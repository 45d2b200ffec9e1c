import { checkProtocolPdf } from "@soglasie/core/council/pdf-check";
import { ValidationError } from "@soglasie/core/errors";
import { RegulationRepository } from "@soglasie/core/regulation/regulation-repository";
import { beforeAll, describe, expect, it } from "vitest";
import { meetingRequest, objectCount, protocolPdf } from "../regulation/support.js";
import { createTestApp, SYSTEM, type TestApp, type TestSession } from "../support/app.js";
import { pdfText } from "../support/pdf-tools.js";

/**
 * Issue 13, defect 14: an HTML page followed by a PDF was accepted as a protocol scan. PDF readers
 * skip leading bytes, browsers render the page: a «scan» that is also a web page. Only files that
 * start with `%PDF-` and pass the structure check are accepted.
 */
let t: TestApp;
let secretary: TestSession;
let pdf: Uint8Array;

const HTML =
  "<!doctype html><html><body><h1>Протокол</h1><script>alert(document.cookie)</script></body></html>\n";
const concat = (...parts: Array<string | Uint8Array>) =>
  new Uint8Array(
    Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p)))),
  );

beforeAll(async () => {
  t = await createTestApp();
  secretary = await t.signIn(["council_secretary", "teacher"]);
  pdf = await protocolPdf("Protocol of the pedagogical council");
});

describe("protocol scans must start as a PDF", () => {
  it("the polyglot is a real PDF to a reader (pdftotext reads it) — and is refused", async () => {
    const polyglot = concat(HTML, pdf);
    // What made it dangerous: PDF readers skip the leading HTML.
    expect(await pdfText(polyglot)).toContain("Protocol of the pedagogical council");
    expect(() => checkProtocolPdf(polyglot)).toThrow(ValidationError);
    expect(() => checkProtocolPdf(pdf)).not.toThrow();
  });

  it.each([
    ["an HTML page", HTML],
    ["a UTF-8 byte order mark", "\ufeff"],
    ["a space", " "],
    ["a newline", "\n"],
    ["an SVG with a script", '<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>'],
  ])("refuses %s before the header", (_, prefix) => {
    try {
      checkProtocolPdf(concat(prefix, pdf));
      throw new Error("accepted");
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.protocol?.[0]).toContain("PDF");
    }
  });

  it("the upload of a polyglot is refused with a message on the field and stores nothing", async () => {
    const draft = await new RegulationRepository(t.services).create({ source: "template" }, SYSTEM);
    const before = await objectCount(t, "uploads");
    const res = await t.app.request(
      "/api/council/meetings",
      meetingRequest(
        { versionId: draft.versionId, date: t.today() },
        concat(HTML, pdf),
        secretary.bearer,
        "скан.pdf",
      ),
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { fields: Record<string, string[]> } };
    expect(body.error.fields.protocol?.[0]).toContain("PDF");
    expect(await objectCount(t, "uploads")).toBe(before);
    const ok = await t.app.request(
      "/api/council/meetings",
      meetingRequest({ versionId: draft.versionId, date: t.today() }, pdf, secretary.bearer),
    );
    expect(ok.status).toBe(201);
  });
});

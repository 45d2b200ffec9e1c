import { execFileSync, spawnSync } from "node:child_process";

/**
 * The structure of a PDF/A-2b file as the real tools see it (no free PDF/A validator installs
 * here: veraPDF is not packaged for Debian/Ubuntu and needs a download, see docs/documents.md).
 * Checks, with qpdf --json, pdfinfo -meta and pdffonts, what ISO 19005-2 level B requires of the
 * features these documents use; returns a list of problems (empty when every check passes).
 */

const STANDARD_14 = new Set([
  "Courier",
  "Courier-Bold",
  "Courier-BoldOblique",
  "Courier-Oblique",
  "Helvetica",
  "Helvetica-Bold",
  "Helvetica-BoldOblique",
  "Helvetica-Oblique",
  "Symbol",
  "Times-Bold",
  "Times-BoldItalic",
  "Times-Italic",
  "Times-Roman",
  "ZapfDingbats",
]);

/** Keys ISO 19005-2 forbids anywhere (§6.5.1 JavaScript, §6.6.1 additional actions, §6.1.3 encryption). */
const FORBIDDEN_KEYS = ["/JavaScript", "/JS", "/AA", "/Encrypt", "/EmbeddedFiles", "/XFA"];

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Dict = Record<string, Json>;

const out = (cmd: string, args: string[]) =>
  execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });

/** Decoded text of a qpdf JSON string ("u:…" text, "b:…" hex bytes). */
const str = (v: Json | undefined): string =>
  typeof v !== "string" ? "" : v.startsWith("u:") ? v.slice(2) : v.startsWith("b:") ? v.slice(2) : v;

export interface PdfaFacts {
  problems: string[];
  /** What was found, for assertions beyond the problem list. */
  xmp: string;
  info: Record<string, string>;
  fonts: string[];
}

export function pdfaFacts(file: string): PdfaFacts {
  const problems: string[] = [];
  const json = JSON.parse(out("qpdf", ["--json=2", "--json-key=qpdf", file])) as {
    qpdf: [{ pdfversion: string }, Record<string, { value?: Json; stream?: { dict: Dict } }>];
  };
  const [header, objects] = json.qpdf;
  const dictOf = (ref: Json | undefined): Dict | undefined => {
    if (ref && typeof ref === "object" && !Array.isArray(ref)) return ref as Dict;
    if (typeof ref !== "string") return undefined;
    const o = objects[`obj:${ref}`];
    const v = o?.value ?? o?.stream?.dict;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Dict) : undefined;
  };
  const all = Object.entries(objects).flatMap(([id, o]) => {
    const v = o.value ?? o.stream?.dict;
    return v && typeof v === "object" && !Array.isArray(v) ? [[id, v as Dict] as const] : [];
  });

  if (Number(header.pdfversion) > 1.7) problems.push(`PDF version ${header.pdfversion} > 1.7`);
  const trailer = objects.trailer?.value as Dict;
  const id = trailer["/ID"];
  if (!Array.isArray(id) || id.length !== 2 || !str(id[0])) problems.push("trailer has no /ID");

  // Forbidden features, anywhere in the file.
  const keys = new Set<string>();
  const walk = (v: Json) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object")
      for (const [k, x] of Object.entries(v)) {
        keys.add(k);
        walk(x);
      }
  };
  for (const [, d] of all) walk(d);
  walk(trailer);
  for (const k of FORBIDDEN_KEYS) if (keys.has(k)) problems.push(`forbidden key ${k}`);
  for (const [oid, d] of all) {
    const s = d["/S"];
    if (s === "/Launch" || s === "/JavaScript" || s === "/ImportData" || s === "/ResetForm")
      problems.push(`${oid}: forbidden action ${s}`);
    if (d["/Filter"] === "/LZWDecode") problems.push(`${oid}: LZW`);
  }

  // Catalog: XMP metadata and the PDF/A output intent with an RGB ICC profile.
  const catalog = dictOf(trailer["/Root"]) ?? {};
  if (!catalog["/Metadata"]) problems.push("catalog has no /Metadata");
  const intents = (catalog["/OutputIntents"] as Json[] | undefined) ?? [];
  const pdfa = intents.map(dictOf).find((i) => i?.["/S"] === "/GTS_PDFA1");
  if (!pdfa) problems.push("no GTS_PDFA1 output intent");
  else {
    const profileRef = String(pdfa["/DestOutputProfile"]);
    const profile = dictOf(profileRef);
    if (profile?.["/N"] !== 3) problems.push("output profile is not 3-component (RGB)");
    const icc = execFileSync("qpdf", [
      `--show-object=${profileRef.split(" ")[0]}`,
      "--filtered-stream-data",
      file,
    ]);
    if (icc.subarray(36, 40).toString("latin1") !== "acsp") problems.push("output profile is not ICC");
    if (icc.subarray(16, 20).toString("latin1") !== "RGB ") problems.push("output profile is not RGB");
    if (!str(pdfa["/OutputConditionIdentifier"])) problems.push("output intent has no identifier");
  }
  const form = dictOf(catalog["/AcroForm"]);
  if (form?.["/NeedAppearances"] === true) problems.push("AcroForm NeedAppearances is true (§6.4.1)");

  // Annotations: Print flag on, hidden flags off (§6.3.2); an appearance unless zero-size, Link or Popup (§6.3.3).
  for (const [oid, d] of all) {
    if (d["/Type"] !== "/Annot" && !(d["/Subtype"] === "/Widget" || d["/Subtype"] === "/Link")) continue;
    const f = typeof d["/F"] === "number" ? d["/F"] : undefined;
    if (d["/Subtype"] !== "/Popup" && (f === undefined || (f & 4) === 0 || (f & (1 | 2 | 32 | 256)) !== 0))
      problems.push(`${oid}: annotation flags ${f} (need Print, not hidden)`);
    const rect = (d["/Rect"] as number[] | undefined) ?? [];
    const zero = rect[0] === rect[2] && rect[1] === rect[3];
    if (!zero && !["/Link", "/Popup"].includes(String(d["/Subtype"])) && !d["/AP"])
      problems.push(`${oid}: annotation without appearance`);
  }

  // Fonts: no standard-14 font referenced, every font program embedded.
  const fonts: string[] = [];
  for (const [oid, d] of all) {
    if (d["/Type"] !== "/Font") continue;
    const base = String(d["/BaseFont"] ?? "").replace(/^\//, "");
    fonts.push(base);
    if (STANDARD_14.has(base.replace(/^[A-Z]{6}\+/, ""))) problems.push(`${oid}: standard-14 font ${base}`);
    if (d["/Subtype"] === "/Type0") continue; // its descendant carries the descriptor
    const descriptor = dictOf(d["/FontDescriptor"]);
    if (!descriptor?.["/FontFile"] && !descriptor?.["/FontFile2"] && !descriptor?.["/FontFile3"])
      problems.push(`${oid}: font ${base} not embedded`);
  }
  const listed = spawnSync("pdffonts", [file], { encoding: "utf8" })
    .stdout.split("\n")
    .slice(2)
    .filter(Boolean);
  if (listed.length === 0) problems.push("pdffonts lists no font");
  for (const row of listed) {
    // name type… encoding emb sub uni object ID: «emb» is the fifth column from the end.
    const cols = row.trim().split(/\s+/);
    if (cols[cols.length - 5] !== "yes") problems.push(`pdffonts: not embedded: ${row}`);
  }

  // XMP identification, and the Info entries it must repeat (§6.6.2.3).
  const xmp = out("pdfinfo", ["-meta", file]);
  if (!/<pdfaid:part>2<\/pdfaid:part>/.test(xmp)) problems.push("XMP pdfaid:part is not 2");
  if (!/<pdfaid:conformance>B<\/pdfaid:conformance>/.test(xmp))
    problems.push("XMP pdfaid:conformance is not B");
  const info: Record<string, string> = {};
  const infoDict = dictOf(trailer["/Info"]) ?? {};
  for (const [k, v] of Object.entries(infoDict)) {
    const value = typeof v === "string" && / 0 R$/.test(v) ? objects[`obj:${v}`]?.value : v;
    info[k.slice(1)] = str(value as Json);
  }
  const xmlText = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, "&");
  const tag = (name: string) => {
    const m = new RegExp(`<${name}>(?:<rdf:(?:Alt|Seq)>)?(?:<rdf:li[^>]*>)?([^<]*)<`).exec(xmp);
    return m ? xmlText(m[1] as string) : undefined;
  };
  const pdfDate = (d: string | undefined) =>
    d ? (/^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z/.exec(d)?.slice(1) ?? []).join("") : undefined;
  const xmpDate = (d: string | undefined) => d?.replace(/[-:TZ]/g, "");
  const pairs: Array<[string, string | undefined, string | undefined]> = [
    ["Title", info.Title, tag("dc:title")],
    ["Author", info.Author, tag("dc:creator")],
    ["Subject", info.Subject, tag("dc:description")],
    ["Creator", info.Creator, tag("xmp:CreatorTool")],
    ["Producer", info.Producer, tag("pdf:Producer")],
    ["Keywords", info.Keywords, tag("pdf:Keywords")],
    ["CreationDate", pdfDate(info.CreationDate), xmpDate(tag("xmp:CreateDate"))],
    ["ModDate", pdfDate(info.ModDate), xmpDate(tag("xmp:ModifyDate"))],
  ];
  for (const [key, inInfo, inXmp] of pairs)
    if (inInfo !== undefined && inInfo !== inXmp) problems.push(`Info ${key} «${inInfo}» ≠ XMP «${inXmp}»`);

  return { problems, xmp, info, fonts };
}

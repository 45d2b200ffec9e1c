import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { DEFAULT_ORG } from "@soglasie/core/config";
import { templateContext } from "@soglasie/core/documents/layout/context";
import { DEMO_DATA } from "@soglasie/core/documents/layout/demo";
import type { Block, Rich } from "@soglasie/core/documents/layout/markup";
import { fillTemplate, loadTemplate } from "@soglasie/core/documents/layout/templates";
import { validateDocumentData } from "@soglasie/core/documents/pipeline";
import { derToPem } from "@soglasie/core/documents/signing/pem";
import { generateSelfSigned } from "@soglasie/core/documents/signing/self-signed";
import { build } from "esbuild";
import { bundleOptions, copyAssets } from "../../scripts/build.js";
import type { BenchContext } from "../lib/context.js";
import { type Metric, summarize } from "../lib/stats.js";

const RUNS = 7;
const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const run = promisify(execFile);

interface Timing {
  loadMs: number;
  totalMs: number;
  cpuMs: number;
  size: number;
}

const textOf = (rich: Rich) => rich.map((r) => r.text).join("");

/** The consent's paragraphs as plain text, for the reference stack (which has no template engine). */
function referenceText(verifyUrl: string, fontsDir: string) {
  const data = validateDocumentData("consent", DEMO_DATA.consent);
  const meta = {
    documentId: randomUUID(),
    number: "С-0001",
    date: "2026-11-25",
    verifyUrl,
    signedAt: new Date(),
  };
  const filled = fillTemplate(loadTemplate("consent"), templateContext("consent", data, meta, DEFAULT_ORG));
  const paragraphs = filled.blocks.flatMap((b: Block) => {
    if (b.kind === "heading" || b.kind === "item" || b.kind === "executor")
      return [{ text: textOf(b.text), bold: b.kind === "heading", center: b.kind === "heading" }];
    if (b.kind === "paragraph") return [{ text: textOf(b.text), bold: b.bold, center: b.align === "center" }];
    if (b.kind === "signature")
      return [{ text: `${textOf(b.left)}    ${textOf(b.right)}`, bold: false, center: false }];
    if (b.kind === "table")
      return b.rows.map((r) => ({ text: r.map(textOf).join("  "), bold: false, center: false }));
    return [];
  });
  return { kind: filled.kind, title: filled.title, paragraphs, verifyUrl, fontsDir };
}

/**
 * Issue 18: from process start to the first signed consent, in fresh Node processes, through the
 * engine bundled as the Lambda functions are (esbuild settings of scripts/build.ts, fonts and font
 * tables beside the code) and through a reference stack bundled the same way (pdf-lib + fontkit, a
 * node:crypto CMS signer: bench/cold/reference-consent.ts), alternating so both see the same machine.
 * A bare `node` start is measured alongside: the floor under both.
 */
export async function coldStartSuite(ctx: BenchContext): Promise<Metric[]> {
  const dir = join(ctx.tmp, "cold");
  const entries = { engine: "engine-consent", reference: "reference-consent" } as const;
  for (const [name, entry] of Object.entries(entries)) {
    const out = join(dir, name);
    await build(bundleOptions(join(ROOT, "bench", "cold", `${entry}.ts`), out));
    copyAssets(out);
  }
  const { privateKey, certificateDer } = generateSelfSigned({ org: DEFAULT_ORG });
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }).toString());
  writeFileSync(certFile, derToPem(certificateDer, "CERTIFICATE"));
  const textFile = join(dir, "consent-text.json");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    textFile,
    JSON.stringify(referenceText("https://example.org/verify/1", join(dir, "reference", "fonts"))),
  );

  const fresh = async (name: keyof typeof entries, out?: string): Promise<Timing> => {
    const cwd = join(dir, name);
    const { stdout } = await run(process.execPath, ["index.mjs"], {
      cwd,
      env: {
        PATH: process.env.PATH ?? "",
        FONTS_DIR: join(cwd, "fonts"),
        TEMPLATES_DIR: join(cwd, "templates"),
        BENCH_KEY_PEM_FILE: keyFile,
        BENCH_CERT_PEM_FILE: certFile,
        BENCH_TEXT_FILE: textFile,
        ...(out ? { BENCH_OUT: out } : {}),
      },
    });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Timing;
  };
  const bare = async () => {
    const { stdout } = await run(process.execPath, ["-e", "console.log(performance.now())"]);
    return Number(stdout.trim());
  };

  // One run each first: the outputs must be valid signed PDFs (checked by pdfsig), then the timed runs.
  const checked: string[] = [];
  for (const name of Object.keys(entries) as Array<keyof typeof entries>) {
    const file = join(dir, `${name}.pdf`);
    await fresh(name, file);
    const { stdout } = await run("pdfsig", [file]).catch((e: { stdout?: string }) => ({
      stdout: e.stdout ?? "",
    }));
    if (!stdout.includes("Signature is Valid."))
      throw new Error(`${name}: pdfsig does not validate the consent`);
    checked.push(`${name} ${Math.round(readFileSync(file).byteLength / 1024)} KB`);
  }
  const engine: Timing[] = [];
  const reference: Timing[] = [];
  const node: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    engine.push(await fresh("engine"));
    reference.push(await fresh("reference"));
    node.push(await bare());
  }
  const pick = (rows: Timing[], key: keyof Timing) => rows.map((r) => r[key]);
  return [
    summarize(
      "cold_first_consent_engine",
      "ms",
      pick(engine, "totalMs"),
      `process start → first signed consent, bundled engine; target ≤ 250 ms; pdfsig valid (${checked[0]})`,
    ),
    summarize(
      "cold_first_consent_engine_load",
      "ms",
      pick(engine, "loadMs"),
      "process start → engine loaded",
    ),
    summarize(
      "cold_first_consent_engine_cpu",
      "ms",
      pick(engine, "cpuMs"),
      "CPU time of the process (user + system)",
    ),
    summarize(
      "cold_first_consent_reference",
      "ms",
      pick(reference, "totalMs"),
      `same consent, pdf-lib + fontkit + node:crypto CMS, bundled the same way; pdfsig valid (${checked[1]})`,
    ),
    summarize("cold_first_consent_reference_cpu", "ms", pick(reference, "cpuMs"), "CPU time of the process"),
    summarize("cold_node_start", "ms", node, "bare `node -e` to its first statement: the floor under both"),
  ];
}

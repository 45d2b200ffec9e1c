/**
 * `npm run build`: one ESM bundle per Lambda function (esbuild, minified, node22) with the files the
 * core reads at run time beside it, ready for SST (`bundle: dist/functions/<name>`, handler
 * `index.handler`) or any other Node 22 host:
 *
 *   dist/functions/<name>/index.mjs        the function
 *   dist/functions/<name>/chunk-*.mjs      code it imports on demand (the PDF engine, on the first document)
 *   dist/functions/<name>/fonts/*.ttf      Tinos, flat (the core's FONTS_DIR)
 *   dist/functions/<name>/templates/       document templates (TEMPLATES_DIR)
 *   dist/functions/<name>/standard-fonts/  pdfkit's built-in font metrics, see below
 *   dist/functions/<name>/data/            pdfkit's sRGB ICC profile (the PDF/A output intent)
 *   dist/functions/<name>/package.json     {"type":"module"} and the "#standard-fonts" import map
 *
 * Options: --out DIR (default dist/functions), --only name[,name], --quiet, --analyze (the largest
 * inputs of each bundle, from esbuild's metafile).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type BuildOptions, build, type Metafile, type Plugin } from "esbuild";
import { BUNDLE_NAMES, type BundleName, bundleEntry } from "../packages/functions/src/lambda/manifest.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const FONT_DATA = join(ROOT, "packages", "core", "src", "documents", "layout", "font-data");

/**
 * Target for the code a function loads at start (fonts, templates and on-demand chunks excluded),
 * from issue 7.
 */
export const BUNDLE_TARGET_BYTES = 1.5 * 1024 * 1024;

/**
 * ESM output keeps `import.meta.url` real (pdfkit 0.20 resolves its data from it and crashes when
 * bundled to CommonJS); CommonJS dependencies bundled into ESM still call `require` for Node
 * built-ins, so give them one.
 */
const BANNER = [
  `import { createRequire as __bundleCreateRequire } from "node:module";`,
  "const require = __bundleCreateRequire(import.meta.url);",
].join("\n");

/**
 * Three substitutions keep the bundles small and quick to start without changing what they do:
 * - fontkit's WOFF2 decoder `brotli/decompress.js` (475 KB of JS and a dictionary decoded at
 *   import) becomes Node's own zlib brotli;
 * - node-forge (290 KB, only used to unpack PKCS#12 files) becomes a stub that explains itself:
 *   deployed functions get their key as PEM (SIGNING_KEY_PEM / SIGNING_CERT_PEM secrets);
 * - iconv-lite (480 KB of code pages; the roster import only decodes Windows-1251) becomes Node's
 *   TextDecoder, which knows the WHATWG encodings (Node ships full ICU).
 */
const SUBSTITUTES: Record<string, string> = {
  "brotli/decompress.js": [
    `import { brotliDecompressSync } from "node:zlib";`,
    "export default function decompress(buffer) { return new Uint8Array(brotliDecompressSync(buffer)); }",
  ].join("\n"),
  "iconv-lite": [
    'const label = (encoding) => String(encoding).toLowerCase().replace(/^(?:win|cp)-?(\\d{3,4})$/, "windows-$1");',
    "const decode = (bytes, encoding) => new TextDecoder(label(encoding)).decode(bytes);",
    "const encode = () => {",
    '  throw new Error("iconv-lite encode is not available in the function bundles");',
    "};",
    "export default { decode, encode };",
  ].join("\n"),
  "node-forge": [
    "const fail = () => {",
    '  throw new Error("PKCS#12 (SIGNING_P12_PATH) is not supported in the function bundles: set SIGNING_KEY_PEM and SIGNING_CERT_PEM (openssl pkcs12 -in key.p12 -nodes)");',
    "};",
    "export default new Proxy({}, { get: fail });",
  ].join("\n"),
};

export const substitutes: Plugin = {
  name: "substitutes",
  setup(b) {
    const filter = new RegExp(
      `^(${Object.keys(SUBSTITUTES)
        .map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
        .join("|")})$`,
    );
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: "substitute" }));
    b.onLoad({ filter: /.*/, namespace: "substitute" }, (args) => ({
      contents: SUBSTITUTES[args.path],
      loader: "js",
      resolveDir: ROOT,
    }));
  },
};

/**
 * pdfkit imports fontkit, linebreak and AES at load time, and they build tables (inflated Unicode
 * tries, AES T-tables) as they load: ~40 ms of every new process that prints a document (issue 18). The documents are
 * laid out from precomputed font tables (layout/precomputed-font.ts) and pdfkit's own line
 * wrapper is rarely used, so inside pdfkit:
 * - `fontkit` becomes a stub: the bundles always hand pdfkit parsed fonts (layout/fonts.ts), and
 *   the real fontkit is imported on demand (`loadFullShaper`) as a chunk of its own;
 * - `linebreak` is loaded the first time pdfkit wraps a text, and AES the first time it encrypts
 *   (esbuild's lazy `require`).
 */
const LAZY_IN_PDFKIT: Record<string, string> = {
  fontkit: [
    "const fail = () => {",
    '  throw new Error("pdfkit in the function bundles takes parsed fonts (documents/layout/fonts.ts), not files");',
    "};",
    "export const create = fail;",
    "export default { create };",
  ].join("\n"),
  // AES for encrypted PDFs only (the documents are not encrypted); its tables are built at load.
  "@noble/ciphers/aes": [
    "let real;",
    'const aes = () => (real ??= require("@noble/ciphers/aes"));',
    "export const cbc = (...args) => aes().cbc(...args);",
    "export const ecb = (...args) => aes().ecb(...args);",
  ].join("\n"),
  linebreak: [
    "let Real;",
    "export default class LineBreaker {",
    "  constructor(text) {",
    '    Real ??= require("linebreak");',
    "    const Breaker = Real.default ?? Real;",
    "    return new Breaker(text);",
    "  }",
    "}",
  ].join("\n"),
};

export const lazyInPdfkit: Plugin = {
  name: "lazy-in-pdfkit",
  setup(b) {
    b.onResolve({ filter: /^(fontkit|linebreak|@noble\/ciphers\/aes)$/ }, (args) =>
      /[\\/]node_modules[\\/]pdfkit[\\/]/.test(args.importer)
        ? { path: args.path, namespace: "lazy-in-pdfkit" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-in-pdfkit" }, (args) => ({
      contents: LAZY_IN_PDFKIT[args.path],
      loader: "js",
      resolveDir: ROOT,
    }));
  },
};

/**
 * Data modules written as large JavaScript literals cost a new process far more to evaluate than
 * the same data through JSON.parse (the Russian hyphenation patterns: ~30 ms against ~7 ms, issue
 * 18). At build time each is loaded once and inlined as a JSON string; the values are the same.
 */
const AS_JSON = ["hyphen/patterns/ru.js"];

export const dataAsJson: Plugin = {
  name: "data-as-json",
  setup(b) {
    const filter = new RegExp(
      `^(${AS_JSON.map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})$`,
    );
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: "data-as-json" }));
    b.onLoad({ filter: /.*/, namespace: "data-as-json" }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(require(args.path)))});`,
      loader: "js",
    }));
  },
};

export interface BuiltFunction {
  name: BundleName;
  dir: string;
  /** Code loaded when the function starts: index.mjs and the chunks it imports statically. */
  bundleBytes: number;
  /** Code loaded on demand (the PDF engine on the first document, credential providers...). */
  lazyBytes: number;
  assetBytes: number;
  /** Bytes of minified code per package (or source folder), largest first: what dominates the bundle. */
  inputs: Array<{ name: string; bytes: number }>;
  /** The same for the code loaded at start only. */
  startupInputs: Array<{ name: string; bytes: number }>;
}

/**
 * The output files `index.mjs` loads at start: itself and the chunks it imports statically,
 * transitively. The other chunks are loaded later through `import()`.
 */
export function startupFiles(metafile: Metafile, entry: string): Set<string> {
  const outputs = metafile.outputs;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !outputs[file]) return;
    seen.add(file);
    for (const i of outputs[file].imports) if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(entry);
  return seen;
}

/**
 * Groups esbuild's per-file output sizes by npm package (or by workspace folder for our own code),
 * over the given output files (default: all).
 */
export function topInputs(
  metafile: Metafile,
  files: (file: string) => boolean = () => true,
): Array<{ name: string; bytes: number }> {
  const sizes = new Map<string, number>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!files(file)) continue;
    for (const [path, input] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const name = pkg ?? path.replace(/^(packages\/[^/]+\/src\/[^/]+).*$/, "$1");
      sizes.set(name, (sizes.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...sizes].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

function dirSize(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, entry) => sum + dirSize(join(path, entry)), 0);
}

/** Copies the files the core and pdfkit read at run time next to the bundle. */
export function copyAssets(dir: string) {
  const fonts = dirname(require.resolve("@expo-google-fonts/tinos/package.json"));
  mkdirSync(join(dir, "fonts"), { recursive: true });
  for (const sub of readdirSync(fonts)) {
    const folder = join(fonts, sub);
    if (!statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder)) {
      if (file.endsWith(".ttf")) cpSync(join(folder, file), join(dir, "fonts", file));
    }
  }
  // The layout tables derived from the fonts (npm run fonts:metrics), read in place of their OpenType tables.
  for (const file of readdirSync(FONT_DATA)) {
    if (file.endsWith(".metrics.json")) cpSync(join(FONT_DATA, file), join(dir, "fonts", file));
  }
  cpSync(join(ROOT, "templates"), join(dir, "templates"), {
    recursive: true,
    filter: (src) => statSync(src).isDirectory() || src.endsWith(".md"),
  });
  // pdfkit loads the metrics of its 14 standard fonts lazily with `createRequire(import.meta.url)`
  // and the package's "#standard-fonts/*" import map. Inside a bundle import.meta.url is the bundle,
  // so the nearest package.json must carry that map. The documents use Tinos only; this keeps a
  // stray standard font from crashing the deployed function while working locally.
  const pdfkitJs = dirname(require.resolve("pdfkit"));
  cpSync(join(pdfkitJs, "standard-fonts"), join(dir, "standard-fonts"), { recursive: true });
  // PDF/A (layout/pdfa.ts): pdfkit reads the sRGB ICC profile of the output intent from
  // `./data/` beside its module, which in a bundle is beside the chunk (all chunks sit in `dir`).
  mkdirSync(join(dir, "data"), { recursive: true });
  cpSync(join(pdfkitJs, "data", "sRGB_IEC61966_2_1.icc"), join(dir, "data", "sRGB_IEC61966_2_1.icc"));
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ type: "module", imports: { "#standard-fonts/*": "./standard-fonts/*.cjs" } }, null, 2)}\n`,
  );
}

/**
 * The esbuild settings of every function bundle; benchmarks bundle their own entries with the same
 * settings (bench/cold), so what they measure is what Lambda runs.
 */
export function bundleOptions(entry: string, dir: string) {
  return {
    entryPoints: [entry],
    outdir: dir,
    entryNames: "index",
    // `import()` of the PDF engine becomes chunks beside index.mjs, loaded on the first document.
    splitting: true,
    chunkNames: "chunk-[hash]",
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    // ESM builds first: for platform "node" esbuild otherwise takes `main`, the CommonJS build of
    // packages like the AWS SDK, which cannot be tree-shaken (every client command, the SSO and
    // STS credential clients...). Packages without `module` still use `main`.
    mainFields: ["module", "main"],
    target: "node22",
    format: "esm",
    minify: true,
    treeShaking: true,
    banner: { js: BANNER },
    // Licence texts of the bundled packages go to index.mjs.LEGAL.txt, not into the code.
    legalComments: "external",
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    logLevel: "warning",
    plugins: [substitutes, lazyInPdfkit, dataAsJson],
    metafile: true,
  } satisfies BuildOptions & { metafile: true };
}

export async function buildFunctions(
  opts: { out?: string; only?: BundleName[]; log?: (line: string) => void } = {},
): Promise<BuiltFunction[]> {
  const out = resolve(opts.out ?? join(ROOT, "dist", "functions"));
  const log = opts.log ?? (() => undefined);
  const names = opts.only ?? BUNDLE_NAMES;
  const built: BuiltFunction[] = [];
  for (const name of names) {
    const entryName = bundleEntry(name);
    const dir = join(out, entryName);
    rmSync(dir, { recursive: true, force: true });
    const result = await build(
      bundleOptions(join(ROOT, "packages", "functions", "src", "lambda", `${entryName}.ts`), dir),
    );
    copyAssets(dir);
    const entry = Object.keys(result.metafile.outputs).find((f) => f.endsWith("/index.mjs"));
    if (!entry) throw new Error(`${name}: esbuild wrote no index.mjs`);
    const atStart = startupFiles(result.metafile, entry);
    const code = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith(".mjs"));
    const bytes = (list: typeof code) => list.reduce((n, [, o]) => n + o.bytes, 0);
    const bundleBytes = bytes(code.filter(([f]) => atStart.has(f)));
    const lazyBytes = bytes(code) - bundleBytes;
    built.push({
      name,
      dir,
      bundleBytes,
      lazyBytes,
      assetBytes: dirSize(dir) - bundleBytes - lazyBytes,
      inputs: topInputs(result.metafile),
      startupInputs: topInputs(result.metafile, (f) => atStart.has(f)),
    });
  }
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`.padStart(9);
  log(`Bundles in ${relative(process.cwd(), out) || "."}:`);
  for (const b of built) {
    const flag = b.bundleBytes > BUNDLE_TARGET_BYTES ? "  over the 1.5 MB target" : "";
    log(
      `  ${bundleEntry(b.name).padEnd(15)} at start ${kb(b.bundleBytes)}   + on demand ${kb(b.lazyBytes)}   + fonts/templates ${kb(b.assetBytes)}${flag}`,
    );
  }
  return built;
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      only: { type: "string" },
      quiet: { type: "boolean", default: false },
      analyze: { type: "boolean", default: false },
    },
  });
  const only = values.only?.split(",").map((s) => s.trim()) as BundleName[] | undefined;
  const unknown = only?.filter((n) => !BUNDLE_NAMES.includes(n));
  if (unknown?.length) {
    console.error(`Unknown function(s): ${unknown.join(", ")}. Known: ${BUNDLE_NAMES.join(", ")}`);
    process.exit(2);
  }
  if (!existsSync(join(ROOT, "templates")))
    console.warn("templates/ not found: bundles will have no templates");
  const log = values.quiet ? undefined : (line: string) => console.log(line);
  buildFunctions({ out: values.out, only, log })
    .then((built) => {
      if (!values.analyze) return;
      // `--analyze`: the largest packages of each bundle, from esbuild's metafile.
      const row = (i: { name: string; bytes: number }) =>
        console.log(`  ${`${(i.bytes / 1024).toFixed(0)} KB`.padStart(8)}  ${i.name}`);
      for (const b of built) {
        const entry = bundleEntry(b.name);
        console.log(`\n${entry}: largest inputs loaded at start (minified bytes in the output)`);
        b.startupInputs.slice(0, 12).forEach(row);
        console.log(`${entry}: largest inputs of all its code, on-demand chunks included`);
        b.inputs.slice(0, 12).forEach(row);
      }
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}

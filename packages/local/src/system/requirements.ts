/**
 * The one list of the system packages the project takes from Debian, and what proves each one is
 * present. `npm start` needs Java only (DynamoDB Local); the tests need everything. The test setup
 * (test/setup/stores.ts), `npm start` (stores/java.ts) and CI (.ci/run via scripts/system-packages.ts)
 * all check this list through ./preflight.ts. Package names are Debian 12's (bookworm).
 */
export type Need = "start" | "test";

export interface SystemRequirement {
  /** The Debian package that provides it. */
  debian: string;
  /** What the project uses it for, printed when it is missing. */
  purpose: string;
  /** Programs that must be found on PATH (a name with a slash is checked as that path). */
  commands?: string[];
  /** Files that must exist. */
  files?: string[];
  /** When this variable is set, the file it names is checked instead of `commands`. */
  pathVariable?: string;
  /** The first command's major version, as `args` print it (first group of `pattern`), must be ≥ min. */
  version?: { args: string[]; pattern: RegExp; min: number };
  neededBy: readonly Need[];
}

export const JAVA: SystemRequirement = {
  debian: "openjdk-17-jre-headless",
  purpose: "Java 17 or newer runs DynamoDB Local",
  commands: ["java"],
  // `java -version` prints `version "17.0.15"`, or `version "1.8.0_402"` for Java 8.
  version: { args: ["-version"], pattern: /version "(?:1\.)?(\d+)/, min: 17 },
  neededBy: ["start", "test"],
};

export const SYSTEM_REQUIREMENTS: readonly SystemRequirement[] = [
  JAVA,
  {
    debian: "poppler-utils",
    purpose: "pdfsig, pdftotext, pdfinfo and pdftoppm check the signed PDFs",
    commands: ["pdfsig", "pdftotext", "pdfinfo", "pdftoppm"],
    neededBy: ["test"],
  },
  {
    debian: "qpdf",
    purpose: "checks and rewrites PDFs",
    commands: ["qpdf"],
    neededBy: ["test"],
  },
  {
    debian: "unzip",
    purpose: "reads the ZIP downloads",
    commands: ["unzip"],
    neededBy: ["test"],
  },
  {
    debian: "openssl",
    purpose: "makes the certificates the signing tests compare with",
    commands: ["openssl"],
    neededBy: ["test"],
  },
  {
    debian: "chromium",
    purpose: "the headless browser of the page tests",
    commands: ["chromium"],
    pathVariable: "CHROMIUM_PATH",
    neededBy: ["test"],
  },
  {
    debian: "fonts-liberation",
    purpose: "fonts for the pages Chromium renders",
    files: ["/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"],
    neededBy: ["test"],
  },
];

export function requirementsFor(need: Need): SystemRequirement[] {
  return SYSTEM_REQUIREMENTS.filter((r) => r.neededBy.includes(need));
}

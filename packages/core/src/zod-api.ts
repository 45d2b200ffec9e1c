/**
 * The part of zod the service uses, as one namespace: `z` from validation.ts. zod's own `z` is a
 * namespace object with everything in it — about 50 locales, JSON-schema conversion, codecs — and a
 * bundler must keep every member of a namespace object that is passed around or re-exported, so
 * `import { z } from "zod"` puts ≈ 445 KB of zod into every Lambda bundle. Re-exporting the members
 * we use keeps ≈ 100 KB. Need another one? Add it here (tsc says so when it is missing).
 */

export type { infer, input, output, ZodError, ZodType } from "zod";
export {
  array,
  boolean,
  coerce,
  custom,
  email,
  enum,
  iso,
  literal,
  NEVER,
  number,
  object,
  preprocess,
  record,
  string,
  unknown,
  uuid,
} from "zod";

// hyphen ships no types; only what hyphenation.ts uses.
declare module "hyphen" {
  type Patterns = unknown;
  interface Options {
    hyphenChar?: string;
    minWordLength?: number;
    html?: boolean;
    async?: false;
  }
  export default function createHyphenator(patterns: Patterns, options?: Options): (text: string) => string;
}

declare module "hyphen/patterns/ru.js" {
  const patterns: unknown;
  export default patterns;
}

// russian-nouns-js 2.x ships no types (the @types package describes 1.x); only what positions.ts uses.
declare module "russian-nouns-js" {
  interface LemmaOptions {
    text: string;
    gender: string;
    animate?: boolean;
    indeclinable?: boolean;
  }
  interface Lemma {
    text(): string;
  }
  const RussianNouns: {
    Gender: { MASCULINE: string; FEMININE: string; NEUTER: string; COMMON: string };
    Case: {
      NOMINATIVE: string;
      GENITIVE: string;
      DATIVE: string;
      ACCUSATIVE: string;
      INSTRUMENTAL: string;
      PREPOSITIONAL: string;
    };
    createLemma(options: LemmaOptions): Lemma;
    Engine: new () => { decline(lemma: Lemma | LemmaOptions, grammaticalCase: string): string[] };
  };
  export default RussianNouns;
}

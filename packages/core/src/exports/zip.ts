import yazl from "yazl";

/** One file of an archive, held in memory. */
export interface ZipEntry {
  /** Path inside the archive; `/` separates folders («Заменённые/…»). */
  name: string;
  bytes: Uint8Array;
  /** Modification time shown by unzippers; a fixed date when absent, so equal input gives equal bytes. */
  mtime?: Date;
  /** Deflate the entry: for text (CSV); PDFs are compressed already and are stored as they are. */
  compress?: boolean;
}

const FIXED_MTIME = new Date(Date.UTC(2000, 0, 1));

/**
 * The one ZIP builder of the service (yazl). Names are UTF-8 (yazl sets the language-encoding
 * flag), so Cyrillic names survive in modern unzippers. A repeated name gets «_2», «_3» before its
 * extension instead of making two entries of one name. The archive comes out as a stream, so a
 * caller can pipe it (storage/exports.ts collects it for S3 or an inline answer).
 */
export function zipStream(entries: ZipEntry[]): NodeJS.ReadableStream {
  const zip = new yazl.ZipFile();
  const used = new Set<string>();
  for (const entry of entries) {
    let name = entry.name;
    for (let i = 2; used.has(name); i++) name = entry.name.replace(/(\.[^./]+)?$/, `_${i}$1`);
    used.add(name);
    zip.addBuffer(Buffer.from(entry.bytes), name, {
      compress: entry.compress ?? false,
      mtime: entry.mtime ?? FIXED_MTIME,
    });
  }
  zip.end();
  return zip.outputStream;
}

/** The same archive as one buffer (the CLI writes it to a file). */
export function zipBytes(entries: ZipEntry[]): Promise<Buffer> {
  const stream = zipStream(entries);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("error", reject);
    stream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

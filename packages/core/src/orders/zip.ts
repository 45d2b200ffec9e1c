import yazl from "yazl";

/**
 * A ZIP of files held in memory (signed PDFs are already compressed: stored, not deflated). Names
 * are UTF-8 (yazl sets the language-encoding flag), so Cyrillic names survive in modern unzippers.
 */
export function zipFiles(files: Array<{ name: string; bytes: Uint8Array; mtime?: Date }>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const used = new Set<string>();
  for (const file of files) {
    let name = file.name;
    // Names carry number and date, so they differ; stay safe if a caller passes duplicates.
    for (let i = 2; used.has(name); i++) name = file.name.replace(/(\.[^.]+)?$/, `_${i}$1`);
    used.add(name);
    zip.addBuffer(Buffer.from(file.bytes), name, {
      compress: false,
      mtime: file.mtime ?? new Date(Date.UTC(2000, 0, 1)),
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

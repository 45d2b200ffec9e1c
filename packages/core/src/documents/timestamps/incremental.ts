/**
 * Incremental updates of a signed PDF (ISO 32000-1 §7.5.6): new and changed objects, a new xref
 * section and a trailer with /Prev are appended; every byte before them stays as it was, so each
 * earlier signature's /ByteRange still covers exactly what it signed. Written for the files this
 * service produces (pdfkit: classic xref tables, uncompressed dictionaries) and its own updates.
 */

const latin1 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");

export interface Trailer {
  size: number;
  root: string;
  info?: string;
  id?: string;
  startxref: number;
}

export function lastTrailer(text: string): Trailer {
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!tail) throw new Error("No startxref at the end of the PDF");
  const startxref = Number(tail[1]);
  if (!text.startsWith("xref", startxref)) throw new Error("Cross-reference streams are not supported");
  const at = text.lastIndexOf("trailer", tail.index);
  if (at < startxref) throw new Error("No trailer after the last xref table");
  const dict = text.slice(at, tail.index);
  const ref = (key: string) => new RegExp(`/${key}\\s+(\\d+\\s+\\d+\\s+R)`).exec(dict)?.[1];
  const size = Number(/\/Size\s+(\d+)/.exec(dict)?.[1]);
  const root = ref("Root");
  if (!root || !size) throw new Error("The trailer has no /Root or /Size");
  return { size, root, info: ref("Info"), id: /\/ID\s*(\[[^\]]*\])/.exec(dict)?.[1], startxref };
}

/** The dictionary text of object `num` (its last definition: later updates override earlier ones). */
export function objectDictionary(text: string, num: number): string {
  const re = new RegExp(`(?:^|[\\r\\n\\s])${num}\\s+0\\s+obj\\b`, "g");
  let last: RegExpExecArray | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (!last) throw new Error(`Object ${num} is not in the PDF`);
  const start = last.index + last[0].length;
  const end = text.indexOf("endobj", start);
  const body = text.slice(start, end).trim();
  if (body.includes("stream")) throw new Error(`Object ${num} is a stream, not a dictionary`);
  return body;
}

/** The raw bytes of stream object `num` (uncompressed streams with a direct /Length, as written here). */
export function streamBytes(bytes: Uint8Array, text: string, num: number): Uint8Array {
  const re = new RegExp(`(?:^|[\\r\\n\\s])${num}\\s+0\\s+obj\\b`, "g");
  let last: RegExpExecArray | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  if (!last) throw new Error(`Object ${num} is not in the PDF`);
  const head = text.indexOf("stream", last.index);
  const length = Number(/\/Length\s+(\d+)/.exec(text.slice(last.index, head))?.[1]);
  let start = head + "stream".length;
  if (text[start] === "\r") start++;
  if (text[start] === "\n") start++;
  return bytes.subarray(start, start + length);
}

export const refNumber = (ref: string): number => Number(ref.split(/\s+/)[0]);

/** A dictionary with `key` set to `value` (replacing an earlier value that is a reference or an array). */
export function setKey(dict: string, key: string, value: string): string {
  const without = dict.replace(new RegExp(`/${key}\\s*(\\d+\\s+\\d+\\s+R|\\[[^\\]]*\\])`), "");
  const end = without.lastIndexOf(">>");
  return `${without.slice(0, end).trimEnd()}\n/${key} ${value}\n>>`;
}

export interface NewObject {
  num: number;
  /** The object's body (a dictionary, or a dictionary followed by its stream). */
  body: Buffer;
}

/** Appends one incremental update; returns the new file and the offset of each object. */
export function appendUpdate(
  bytes: Uint8Array,
  objects: NewObject[],
  size: number,
): { pdf: Buffer; offsets: Map<number, number> } {
  const text = latin1(bytes);
  const trailer = lastTrailer(text);
  const parts: Buffer[] = [Buffer.from(bytes)];
  let length = bytes.byteLength;
  const push = (b: Buffer) => {
    parts.push(b);
    length += b.byteLength;
  };
  if (text.at(-1) !== "\n") push(Buffer.from("\n"));
  const offsets = new Map<number, number>();
  for (const o of [...objects].sort((a, b) => a.num - b.num)) {
    offsets.set(o.num, length);
    push(Buffer.concat([Buffer.from(`${o.num} 0 obj\n`), o.body, Buffer.from("\nendobj\n")]));
  }
  const xrefAt = length;
  const rows = [...offsets].map(([num, off]) => `${num} 1\n${String(off).padStart(10, "0")} 00000 n \n`);
  const newSize = Math.max(size, trailer.size);
  push(
    Buffer.from(
      `xref\n${rows.join("")}trailer\n<<\n/Size ${newSize}\n/Root ${trailer.root}\n` +
        `${trailer.info ? `/Info ${trailer.info}\n` : ""}${trailer.id ? `/ID ${trailer.id}\n` : ""}` +
        `/Prev ${trailer.startxref}\n>>\nstartxref\n${xrefAt}\n%%EOF\n`,
    ),
  );
  return { pdf: Buffer.concat(parts, length), offsets };
}

export const pdfText = latin1;

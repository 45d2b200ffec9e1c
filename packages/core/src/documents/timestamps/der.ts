/**
 * A minimal DER walker (tag, length, children) for reading timestamp tokens and CMS signatures on
 * the verification path: asn1js/pkijs schema parsing costs tens of milliseconds per token, this
 * costs microseconds, and nothing here is re-encoded — the bytes stay the signed ones.
 */
export interface Node {
  tag: number;
  /** Offset of the tag byte (the node's encoding is bytes[start, end)). */
  start: number;
  /** Offset of the contents. */
  body: number;
  end: number;
}

export function node(bytes: Uint8Array, at = 0, limit = bytes.byteLength): Node {
  if (at + 2 > limit) throw new Error("DER: truncated");
  const tag = bytes[at] as number;
  if ((tag & 0x1f) === 0x1f) throw new Error("DER: long tags are not used here");
  let len = bytes[at + 1] as number;
  let body = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error("DER: indefinite or huge length");
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (bytes[body + i] as number);
    body += n;
  }
  const end = body + len;
  if (end > limit) throw new Error("DER: length beyond the data");
  return { tag, start: at, body, end };
}

export function children(bytes: Uint8Array, parent: Node): Node[] {
  const out: Node[] = [];
  for (let at = parent.body; at < parent.end; ) {
    const child = node(bytes, at, parent.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

export const content = (bytes: Uint8Array, n: Node): Uint8Array => bytes.subarray(n.body, n.end);
export const encoding = (bytes: Uint8Array, n: Node): Uint8Array => bytes.subarray(n.start, n.end);

/** Dotted text of an OBJECT IDENTIFIER's contents. */
export function oid(bytes: Uint8Array, n: Node): string {
  const c = content(bytes, n);
  const parts: number[] = [];
  let value = 0;
  for (const b of c) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts].join(".");
}

/** The i-th child, required. */
export function child(bytes: Uint8Array, parent: Node, i: number): Node {
  const c = children(bytes, parent)[i];
  if (!c) throw new Error("DER: missing element");
  return c;
}

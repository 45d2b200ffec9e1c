import { readFileSync } from "node:fs";

/** A listening TCP socket as the Linux kernel lists it in /proc/net/tcp and /proc/net/tcp6. */
export interface ListeningSocket {
  /** The local address: dotted IPv4 (IPv4-mapped IPv6 addresses shown as IPv4) or IPv6 hex groups. */
  address: string;
  port: number;
  inode: string;
}

/** IPv4 in /proc is the 32-bit value in host (little-endian) byte order, in hex. */
const ipv4 = (hex: string) => [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(".");

function ipv6(hex: string): string {
  // Four 32-bit words, each in host byte order.
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (const i of [6, 4, 2, 0]) bytes.push(Number.parseInt(word.slice(i, i + 2), 16));
  }
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return bytes.slice(12).join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}

/** Every listening TCP socket of the machine, or undefined where /proc/net is not available. */
export function listeningSockets(): ListeningSocket[] | undefined {
  const out: ListeningSocket[] = [];
  let found = false;
  for (const [file, parse] of [
    ["/proc/net/tcp", ipv4],
    ["/proc/net/tcp6", ipv6],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
      found = true;
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      // sl local_address rem_address st ... inode (10th column)
      if (cols.length < 10 || cols[3] !== "0A") continue;
      const [addr, port] = cols[1]!.split(":");
      out.push({ address: parse(addr!), port: Number.parseInt(port!, 16), inode: cols[9]! });
    }
  }
  return found ? out : undefined;
}

/** The local addresses listening on `port`, or undefined where that cannot be read. */
export function listeningAddresses(port: number): string[] | undefined {
  return listeningSockets()
    ?.filter((s) => s.port === port)
    .map((s) => s.address);
}

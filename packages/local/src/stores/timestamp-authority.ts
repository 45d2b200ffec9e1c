import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/**
 * A local RFC 3161 timestamp authority for `npm start` and the tests: OpenSSL's own implementation
 * (`openssl ts -reply`) behind a small HTTP server on 127.0.0.1 that speaks RFC 3161 §3.4
 * (POST application/timestamp-query → application/timestamp-reply). A root CA and a TSA certificate
 * (extendedKeyUsage critical timeStamping, as RFC 3161 §2.3 requires) are generated once under `dir`.
 * Requests go through one `openssl` process at a time: it keeps its serial number in a file.
 */
export interface RunningTsa {
  /** The URL to POST queries to. */
  url: string;
  port: number;
  /** The root certificate (PEM) that issued the TSA certificate: `openssl ts -verify -CAfile`. */
  caCertPath: string;
  /** The TSA's own certificate (PEM): `-untrusted` for `openssl ts -verify`. */
  tsaCertPath: string;
  /** Replies given so far. */
  replies(): number;
  stop(): Promise<void>;
}

export const TSA_HOST = "127.0.0.1";

const EXTENSIONS = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_tsa]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

function tsConfig(dir: string): string {
  return `[tsa]
default_tsa = local
[local]
dir = ${dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
certs = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.4146.2.3
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;
}

/** Generates the root and TSA certificates once (`years` of validity for the TSA's). */
export function ensureTsaFiles(dir: string, opts: { years?: number } = {}): void {
  mkdirSync(dir, { recursive: true });
  if (existsSync(join(dir, "tsa.pem")) && existsSync(join(dir, "ts.cnf"))) return;
  const work = join(dir, `.gen-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: work, stdio: "pipe" });
  writeFileSync(join(work, "ext.cnf"), EXTENSIONS);
  const days = String(Math.round((opts.years ?? 5) * 365));
  run([
    ...["req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem"],
    ...["-days", "7300", "-config", "ext.cnf", "-extensions", "v3_ca"],
    ...["-subj", "/C=RU/O=Soglasie (local)/CN=Soglasie local TSA root", "-utf8"],
  ]);
  run([
    ...["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr"],
    ...["-config", "ext.cnf", "-subj", "/C=RU/O=Soglasie (local)/CN=Soglasie local TSA"],
  ]);
  run([
    ...["x509", "-req", "-in", "tsa.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial"],
    ...["-out", "tsa.pem", "-days", days, "-extfile", "ext.cnf", "-extensions", "v3_tsa"],
  ]);
  writeFileSync(join(work, "serial"), "01\n");
  for (const f of ["ca.pem", "ca.key", "tsa.pem", "tsa.key", "serial"])
    renameSync(join(work, f), join(dir, f));
  writeFileSync(join(dir, "ts.cnf"), tsConfig(dir));
  rmSync(work, { recursive: true, force: true });
}

let sequence = 0;

/** One reply by `openssl ts -reply`, through files: Node's stdio pipes are sockets, which openssl cannot open by path. */
function reply(dir: string, query: Buffer): Promise<Buffer> {
  const base = join(dir, `.req-${process.pid}-${++sequence}`);
  writeFileSync(`${base}.tsq`, query);
  return new Promise<Buffer>((resolve, reject) => {
    execFile(
      "openssl",
      ["ts", "-reply", "-config", join(dir, "ts.cnf"), "-queryfile", `${base}.tsq`, "-out", `${base}.tsr`],
      (error, _stdout, stderr) => {
        try {
          if (error) throw new Error(`openssl ts -reply: ${stderr}`);
          resolve(readFileSync(`${base}.tsr`));
        } catch (e) {
          reject(e);
        } finally {
          rmSync(`${base}.tsq`, { force: true });
          rmSync(`${base}.tsr`, { force: true });
        }
      },
    );
  });
}

/** Starts the local TSA on 127.0.0.1 (port 0: a free one). */
export async function startLocalTsa(opts: { dir: string; port?: number }): Promise<RunningTsa> {
  ensureTsaFiles(opts.dir);
  let queue: Promise<unknown> = Promise.resolve();
  let count = 0;
  const server: Server = createServer((req, res) => {
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return;
    }
    if (!(req.headers["content-type"] ?? "").startsWith("application/timestamp-query")) {
      res.writeHead(415).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.byteLength;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on("end", () => {
      if (size > 64 * 1024) {
        res.writeHead(413).end();
        return;
      }
      const job = queue.then(() => reply(opts.dir, Buffer.concat(chunks)));
      queue = job.catch(() => undefined);
      job.then(
        (body) => {
          count++;
          // One request per connection: a client reusing a connection the server has just timed out would fail.
          res
            .writeHead(200, { "content-type": "application/timestamp-reply", connection: "close" })
            .end(body);
        },
        () => res.writeHead(400).end(),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, TSA_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${TSA_HOST}:${port}/tsr`,
    port,
    caCertPath: join(opts.dir, "ca.pem"),
    tsaCertPath: join(opts.dir, "tsa.pem"),
    replies: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

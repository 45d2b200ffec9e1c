import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { sha256Hex } from "../audit/hash.js";
import type { AppConfig } from "../config.js";
import { bucketDefinition } from "./table.js";

export type ObjectKind = keyof typeof bucketDefinition.prefixes;

export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
}

/**
 * Content-addressed S3 storage. Objects are written before the DynamoDB transaction that refers to
 * them, so a record never points at a missing object; an interrupted write leaves at worst an
 * orphan object, which `cli documents check` reports.
 */
export class ObjectStore {
  constructor(
    readonly s3: S3Client,
    readonly bucket: string,
    readonly orgId: string,
    private readonly encryption: AppConfig["s3Encryption"] = "AES256",
  ) {}

  keyFor(kind: ObjectKind, sha256: string, extension = "pdf"): string {
    return `${this.orgId}/${bucketDefinition.prefixes[kind]}${sha256}.${extension}`;
  }

  async put(
    kind: ObjectKind,
    body: Uint8Array,
    opts: { contentType: string; metadata?: Record<string, string>; extension?: string },
  ): Promise<StoredObject> {
    const sha256 = sha256Hex(body);
    const key = this.keyFor(kind, sha256, opts.extension);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: opts.contentType,
        ContentLength: body.byteLength,
        Metadata: { sha256, ...opts.metadata },
        ServerSideEncryption: this.encryption === "none" ? undefined : this.encryption,
      }),
    );
    return { key, sha256, size: body.byteLength };
  }

  async get(key: string): Promise<Uint8Array> {
    const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!out.Body) throw new Error(`Empty S3 object ${key}`);
    return out.Body.transformToByteArray();
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === "NotFound") return false;
      throw error;
    }
  }

  /**
   * A short-lived download link; `filename` sets the name the browser saves. `signingDate` (default:
   * the real clock) lets callers sign with the service clock, so expiry follows `services.now`.
   */
  presign(
    key: string,
    opts: { expiresIn: number; filename: string; contentType?: string; signingDate?: Date },
  ): Promise<string> {
    return getSignedUrl(
      this.s3,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: opts.contentType ?? "application/pdf",
        ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(opts.filename)}`,
      }),
      { expiresIn: opts.expiresIn, signingDate: opts.signingDate },
    );
  }

  async *list(kind: ObjectKind): AsyncGenerator<{ key: string; size: number }> {
    const Prefix = `${this.orgId}/${bucketDefinition.prefixes[kind]}`;
    for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucket, Prefix })) {
      for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0 };
    }
  }
}

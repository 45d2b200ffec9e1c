import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from "@aws-sdk/client-s3";
import { createPresignedPost } from "@aws-sdk/s3-presigned-post";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { sha256Hex } from "../audit/hash.js";
import type { AppConfig } from "../config.js";
import { newId } from "../ids.js";
import { bucketDefinition, type TemporaryArea } from "./table.js";

export type ObjectKind = keyof typeof bucketDefinition.prefixes;

/** An Object Lock retention for one object version. */
export interface ObjectLock {
  mode: "GOVERNANCE" | "COMPLIANCE";
  retainUntil: Date;
}

export interface StoredObject {
  key: string;
  sha256: string;
  size: number;
}

/**
 * Content-addressed S3 storage. Objects are written before the DynamoDB transaction that refers to
 * them, so a record never points at a missing object; an interrupted write leaves at worst an
 * orphan object, which `cli documents check` reports and the orphan sweep removes
 * (documents/records/sweep.ts). Documents are deleted only as orphans: no record refers to them.
 */
export class ObjectStore {
  constructor(
    readonly s3: S3Client,
    readonly bucket: string,
    readonly orgId: string,
    private readonly encryption: AppConfig["s3Encryption"] = "AES256",
    /** Whether the bucket has Object Lock: retentions asked for on put are sent only then. */
    private readonly objectLock = false,
  ) {}

  keyFor(kind: ObjectKind, sha256: string, extension = "pdf"): string {
    return `${this.orgId}/${bucketDefinition.prefixes[kind]}${sha256}.${extension}`;
  }

  async put(
    kind: ObjectKind,
    body: Uint8Array,
    opts: {
      contentType: string;
      metadata?: Record<string, string>;
      extension?: string;
      /** Object Lock retention of this version (permanent documents, documents/retention.ts). */
      lock?: ObjectLock;
    },
  ): Promise<StoredObject> {
    const sha256 = sha256Hex(body);
    const key = this.keyFor(kind, sha256, opts.extension);
    await this.putObject(key, body, opts.contentType, { sha256, ...opts.metadata }, opts.lock);
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

  /** `incoming/<orgId>/<random id>.pdf`: a new key in a temporary area (expired by the lifecycle). */
  temporaryKey(area: TemporaryArea, extension: string): string {
    return `${bucketDefinition.temporary[area].prefix}${this.orgId}/${newId()}.${extension}`;
  }

  /** Whether a key is one of this organisation's keys in a temporary area (a key sent back by a client). */
  isTemporaryKey(area: TemporaryArea, key: string, extension: string): boolean {
    const prefix = `${bucketDefinition.temporary[area].prefix}${this.orgId}/`;
    return (
      key.startsWith(prefix) &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(
        key.slice(prefix.length, -(extension.length + 1)),
      ) &&
      key.endsWith(`.${extension}`)
    );
  }

  /** Stores bytes under a new key of a temporary area (not content-addressed: nothing refers to it). */
  async putTemporary(
    area: TemporaryArea,
    body: Uint8Array,
    opts: { contentType: string; extension: string },
  ): Promise<{ key: string; size: number }> {
    const key = this.temporaryKey(area, opts.extension);
    await this.putObject(key, body, opts.contentType);
    return { key, size: body.byteLength };
  }

  /** One put with the bucket's server-side encryption requested (S3_ENCRYPTION). */
  private async putObject(
    key: string,
    body: Uint8Array,
    contentType: string,
    metadata?: Record<string, string>,
    lock?: ObjectLock,
  ): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.byteLength,
        ...(metadata ? { Metadata: metadata } : {}),
        ServerSideEncryption: this.encryption === "none" ? undefined : this.encryption,
        // S3 needs a checksum with Object Lock headers: the SDK sends its default CRC32.
        ...(lock && this.objectLock
          ? { ObjectLockMode: lock.mode, ObjectLockRetainUntilDate: lock.retainUntil }
          : {}),
      }),
    );
  }

  /** Size of an object, or undefined when it does not exist. */
  async head(key: string): Promise<{ size: number } | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: out.ContentLength ?? 0 };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === "NotFound") return undefined;
      throw error;
    }
  }

  /**
   * Deletes the current version of a document object that no record refers to (the caller checks):
   * the PDF of a decision whose transaction failed. In a versioned bucket this leaves a delete marker
   * and the bytes as a non-current version, which the orphan sweep removes for good.
   */
  async deleteOrphanDocument(key: string): Promise<void> {
    this.requireDocumentKey(key);
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** The document id a stored PDF carries in its metadata, or undefined (no such object, no id). */
  async documentIdOf(key: string): Promise<string | undefined> {
    try {
      const out = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Metadata?.["document-id"];
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404 || (error as Error).name === "NotFound") return undefined;
      throw error;
    }
  }

  /** Whether the bucket keeps versions (S3 with versioning on); stores without it (s3rver) answer no. */
  async isVersioned(): Promise<boolean> {
    try {
      const out = await this.s3.send(new GetBucketVersioningCommand({ Bucket: this.bucket }));
      return out.Status === "Enabled" || out.Status === "Suspended";
    } catch (error) {
      if ((error as Error).name === "NotImplemented") return false;
      throw error;
    }
  }

  /**
   * Every version and delete marker under the organisation's documents/ prefix (versioned buckets),
   * grouped by key with the newest LastModified of each key.
   */
  async documentVersions(): Promise<Map<string, { versions: string[]; lastModified: Date }>> {
    const Prefix = `${this.orgId}/${bucketDefinition.prefixes.documents}`;
    const keys = new Map<string, { versions: string[]; lastModified: Date }>();
    let KeyMarker: string | undefined;
    let VersionIdMarker: string | undefined;
    for (;;) {
      const page = await this.s3.send(
        new ListObjectVersionsCommand({ Bucket: this.bucket, Prefix, KeyMarker, VersionIdMarker }),
      );
      for (const v of [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]) {
        if (!v.Key || !v.VersionId) continue;
        const entry = keys.get(v.Key) ?? { versions: [], lastModified: new Date(0) };
        entry.versions.push(v.VersionId);
        if (v.LastModified && v.LastModified > entry.lastModified) entry.lastModified = v.LastModified;
        keys.set(v.Key, entry);
      }
      if (!page.IsTruncated) break;
      KeyMarker = page.NextKeyMarker;
      VersionIdMarker = page.NextVersionIdMarker;
    }
    return keys;
  }

  /** Deletes the given versions of an orphan document object for good (versioned buckets). */
  async purgeOrphanDocument(key: string, versionIds: string[]): Promise<void> {
    this.requireDocumentKey(key);
    // A permanent document's version is under a GOVERNANCE retention (documents/retention.ts):
    // only the sweep, which has s3:BypassGovernanceRetention, removes it, and only as an orphan.
    for (const VersionId of versionIds)
      await this.s3.send(
        new DeleteObjectCommand({
          Bucket: this.bucket,
          Key: key,
          VersionId,
          ...(this.objectLock ? { BypassGovernanceRetention: true } : {}),
        }),
      );
  }

  private requireDocumentKey(key: string) {
    const prefix = `${this.orgId}/${bucketDefinition.prefixes.documents}`;
    if (!key.startsWith(prefix) || key.includes(".."))
      throw new Error(`Refusing to delete ${key}: not a document of this organisation`);
  }

  /** Deletes an object of a temporary area; uploads are never deleted by the service. */
  async deleteTemporary(area: TemporaryArea, key: string): Promise<void> {
    if (!key.startsWith(`${bucketDefinition.temporary[area].prefix}${this.orgId}/`))
      throw new Error(`Refusing to delete ${key}: not in the ${area} area`);
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /**
   * A browser form that uploads one file straight to S3 under `key` (presigned POST): S3 itself
   * refuses a file larger than `maxBytes`, another key or another content type. Without
   * `redirect` S3 answers 204; with it, 303 to `redirect?bucket=…&key=…&etag=…`.
   */
  async presignPost(
    key: string,
    opts: { maxBytes: number; contentType: string; expiresIn: number; redirect?: string },
  ): Promise<{ url: string; fields: Record<string, string> }> {
    const fields: Record<string, string> = { "Content-Type": opts.contentType };
    if (opts.redirect) fields.success_action_redirect = opts.redirect;
    if (this.encryption !== "none") fields["x-amz-server-side-encryption"] = this.encryption;
    return createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      // The fields are added to the policy's conditions as exact matches by the SDK.
      Conditions: [["content-length-range", 1, opts.maxBytes]],
      Fields: fields,
      Expires: opts.expiresIn,
    });
  }

  async *list(kind: ObjectKind): AsyncGenerator<{ key: string; size: number }> {
    const Prefix = `${this.orgId}/${bucketDefinition.prefixes[kind]}`;
    for await (const page of paginateListObjectsV2({ client: this.s3 }, { Bucket: this.bucket, Prefix })) {
      for (const o of page.Contents ?? []) if (o.Key) yield { key: o.Key, size: o.Size ?? 0 };
    }
  }
}

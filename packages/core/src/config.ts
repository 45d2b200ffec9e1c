import { bucketDefinition } from "./storage/table.js";
import * as z from "./zod-api.js";

/**
 * Optional elements of the personal-data consent an organisation may collect beyond what 152-FZ
 * art. 9 p. 4 requires: the student's date of birth (lets the form check that a passport was not
 * issued before 14) and the passport's division code.
 */
export const PERSONAL_DATA_EXTRA_FIELDS = ["student-birth-date", "division-code"] as const;
export type PersonalDataExtraField = (typeof PERSONAL_DATA_EXTRA_FIELDS)[number];

/** Default period of the consent (item 8): until the student leaves the college or it is withdrawn. */
export const DEFAULT_PD_PERIOD =
  "до окончания обучения обучающегося в колледже (отчисления из колледжа) либо до отзыва согласия, если оно будет отозвано раньше";

/**
 * Runtime configuration. One schema for every environment: the local runtime, tests and Lambda
 * all build an AppConfig from environment variables (Lambda adds SST resource names first).
 */
const configSchema = z.object({
  mode: z.enum(["local", "aws"]),
  region: z.string().min(1),
  tableName: z.string().min(1),
  bucketName: z.string().min(1),
  /** Custom endpoints for DynamoDB/S3-compatible services (DynamoDB Local, s3rver, Yandex Cloud...). */
  dynamodbEndpoint: z.string().url().optional(),
  s3Endpoint: z.string().url().optional(),
  s3ForcePathStyle: z.boolean(),
  /** Server-side encryption requested on every put; "none" for S3-compatible services without it. */
  s3Encryption: z.enum(["AES256", "aws:kms", "none"]),
  /**
   * S3 Object Lock retention on the puts of permanent documents (documents/retention.ts). On by
   * default in AWS mode against AWS S3 (no S3_ENDPOINT), whose bucket is created with Object Lock
   * (infra/storage.ts); off locally (s3rver accepts the headers and ignores them) and for
   * S3-compatible stores unless S3_OBJECT_LOCK=on says their bucket has it.
   */
  s3ObjectLock: z.boolean(),
  /** Public base URL used in links, QR codes and verification URLs. */
  publicBaseUrl: z.string().url(),
  sessionSecret: z.string().min(32, "SESSION_SECRET must be at least 32 characters"),
  /** PEM (key + certificate) or PKCS#12 location; generated on first local start when absent. */
  signingKeyPath: z.string().optional(),
  signingKeyPem: z.string().optional(),
  signingCertPem: z.string().optional(),
  signingP12Path: z.string().optional(),
  signingP12Password: z.string().optional(),
  /** AWS KMS key (id, ARN or alias) holding the signing key; the certificate is SIGNING_CERT_PEM. */
  signingKmsKeyId: z.string().optional(),
  /** A KMS-compatible endpoint instead of the region's (tests: a loopback server). */
  signingKmsEndpoint: z.string().url("SIGNING_KMS_ENDPOINT: a URL").optional(),
  orgId: z
    .string()
    .regex(/^[a-z0-9-]{2,32}$/, "ORG_ID: lowercase latin letters, digits and dashes")
    // Keys start with the org id; these names are the prefixes the lifecycle expires after a day.
    .refine((id) => !Object.hasOwn(bucketDefinition.temporary, id), "ORG_ID: this name is reserved"),
  org: z.object({
    fullName: z.string().min(1),
    shortName: z.string().min(1),
    city: z.string().min(1),
    directorName: z.string().min(1),
    directorPosition: z.string().min(1),
    /** Postal address: the operator's address in personal-data consents (152-FZ art. 9 p. 4 item 3). */
    address: z.string().min(1),
    /** Taxpayer and state registration numbers, printed with the operator's name when set. */
    inn: z
      .string()
      .regex(/^\d{10}$/, "ORG_INN: 10 digits")
      .optional(),
    ogrn: z
      .string()
      .regex(/^\d{13}$/, "ORG_OGRN: 13 digits")
      .optional(),
  }),
  /** The parents' personal-data consent (152-FZ art. 9 p. 4): what the organisation configures. */
  personalData: z.object({
    /**
     * Who processes the data on the college's behalf (art. 6 p. 3, art. 9 p. 4 item 6), e.g. the
     * platform's operator under a written instruction; absent: nobody does.
     */
    processor: z.object({ name: z.string().min(1), address: z.string().min(1) }).optional(),
    /** How long the consent lasts (item 8), as printed after «Согласие действует». */
    period: z.string().min(1),
    /** Elements the law does not require that the college chooses to collect as well. */
    extraFields: z.array(z.enum(PERSONAL_DATA_EXTRA_FIELDS)),
  }),
  /**
   * Large files travel between the browser and S3 directly (presigned POST for protocol scans,
   * presigned links for big ZIPs) instead of through the function: API Gateway → Lambda carries at
   * most 6 MB. Default: on in "aws" mode, off locally (DIRECT_S3_TRANSFERS=1/0 overrides).
   */
  directS3Transfers: z.boolean().optional(),
  /**
   * Behind a reverse proxy of our own (nginx, a load balancer): take the client address from the last
   * X-Forwarded-For entry, the one that proxy appended. Off by default: a client writes that header
   * itself, and trusting it would let anyone dodge rate limits and forge the address recorded with a
   * parent's signature.
   */
  trustProxy: z.boolean(),
  linkTtlDays: z.number().int().positive(),
  /**
   * Confirmation codes (consent/confirmation-codes.ts): "required" — a parent with a contact on file
   * answers only with a code sent to it; "off" — the personal link alone.
   */
  confirmationCodes: z.enum(["off", "required"], "CONFIRMATION_CODES: off или required"),
  orderNumberFormat: z.string().min(1),
  timeZone: z.string().min(1),
  /**
   * RFC 3161 timestamp authorities, tried in order (TSA_URL, comma-separated): every signature gets a
   * signature timestamp (PAdES B-T) and the timestamp job brings documents to B-LTA. Empty: none
   * (documents stay B-B). `npm start` sets its local authority when TSA_URL is unset.
   */
  tsaUrls: z.array(z.string().url("TSA_URL: a list of http(s) URLs")),
  /** Per authority and request (TSA_TIMEOUT_MS, default 3000): an authority that is down costs this much. */
  tsaTimeoutMs: z.number().int().min(100).max(60_000),
  /**
   * A signing Lambda function renders and signs one document during its initialisation
   * (WARM_UP_DOCUMENTS, default on; "false" turns it off), so the first parent's is not slower.
   */
  warmUpDocuments: z.boolean(),
  /** Messages to parents (docs/messages.md): channels, sender, limits, cadence, quiet hours. */
  messages: z.object({
    /** SES v2 endpoint (Yandex Cloud Postbox: https://postbox.cloud.yandex.net); absent: the AWS default. */
    sesEndpoint: z.string().url().optional(),
    sesRegion: z.string().min(1),
    /** The From address; absent: e-mail is off. */
    mailFrom: z.string().email("MAIL_FROM: адрес электронной почты").optional(),
    /** Display name of the sender in e-mails and the signature in SMS texts. */
    senderName: z.string().min(1),
    /** SMS.ru api_id; absent: SMS is off. */
    smsruApiId: z.string().min(1).optional(),
    smsruEndpoint: z.string().url(),
    /**
     * Secret path token of the SMS.ru status callback (`POST /hooks/smsru/<token>`); absent: the
     * route answers 404 (docs/messages.md «Delivery reports»).
     */
    smsruCallbackSecret: z.string().min(24, "SMSRU_CALLBACK_SECRET: не короче 24 символов").optional(),
    /** The SNS topic SES publishes its events to (`POST /hooks/ses`); absent: the route answers 404. */
    sesEventsTopicArn: z
      .string()
      .regex(
        /^arn:aws(-cn)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
        "SES_EVENTS_TOPIC_ARN: ARN темы SNS",
      )
      .optional(),
    /**
     * One more SNS signing-certificate URL trusted besides `https://sns.<region>.amazonaws.com/…`
     * (tests and SNS emulators only; its origin is also trusted for SubscribeURL).
     */
    snsTrustedCertUrl: z.string().url().optional(),
    /** SMS sender name agreed with SMS.ru (absent: the provider's default). */
    smsFrom: z.string().min(1).optional(),
    /** Sends per second per channel (the provider's quota). */
    emailRatePerSecond: z.number().positive(),
    smsRatePerSecond: z.number().positive(),
    /** Days a message record (masked contact, state) is kept after it was queued. */
    retentionDays: z.number().int().positive(),
    /** Local hours [from, to) in which nothing but a code the parent asked for is sent. */
    quietFromHour: z.number().int().min(0).max(23),
    quietToHour: z.number().int().min(0).max(23),
    /** Reminder cadence: the first after N days, then every M days, at most K reminders. */
    reminderFirstAfterDays: z.number().int().positive(),
    reminderEveryDays: z.number().int().positive(),
    reminderMax: z.number().int().min(0),
    /** Run the sender on a timer inside `npm start` (seconds; 0: off). */
    localSweepSeconds: z.number().int().min(0),
  }),
});

export type AppConfig = z.infer<typeof configSchema>;
export type OrgRequisites = AppConfig["org"];

export const DEFAULT_ORG: OrgRequisites = {
  fullName: "Государственное профессиональное образовательное учреждение «Читинский политехнический колледж»",
  shortName: "ГПОУ «ЧПТК»",
  city: "Чита",
  directorName: "Иванова Светлана Петровна",
  directorPosition: "Директор",
  address: "Забайкальский край, г. Чита",
};

/** Development-only secret: refused outside local mode. */
export const LOCAL_DEV_SESSION_SECRET = "local-development-session-secret-do-not-use-in-prod";

type Env = Record<string, string | undefined>;

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === "") return fallback;
  return ["1", "true", "yes", "on"].includes(value.toLowerCase());
}

/** A comma-separated list («a, b»); empty: none. */
function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

function int(value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  return Number(value);
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Builds and validates the configuration; throws ConfigError naming each bad variable. */
export function configFromEnv(env: Env = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const mode = (env.APP_MODE ?? (env.AWS_LAMBDA_FUNCTION_NAME ? "aws" : "local")) as AppConfig["mode"];
  const local = mode === "local";
  const port = env.PORT ?? "3000";
  const raw = {
    mode,
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (local ? "ru-central1" : undefined),
    tableName: env.TABLE_NAME ?? (local ? "soglasie" : undefined),
    bucketName: env.BUCKET_NAME ?? (local ? "soglasie-documents" : undefined),
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    s3Endpoint: env.S3_ENDPOINT || undefined,
    s3ForcePathStyle: bool(env.S3_FORCE_PATH_STYLE, Boolean(env.S3_ENDPOINT)),
    s3Encryption: env.S3_ENCRYPTION ?? "AES256",
    // AWS S3 only by default: an S3-compatible store (S3_ENDPOINT) may lack Object Lock.
    s3ObjectLock: bool(env.S3_OBJECT_LOCK, mode === "aws" && !env.S3_ENDPOINT),
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ""),
    sessionSecret: env.SESSION_SECRET ?? (local ? LOCAL_DEV_SESSION_SECRET : undefined),
    signingKeyPath: env.SIGNING_KEY_PATH || undefined,
    signingKeyPem: env.SIGNING_KEY_PEM || undefined,
    signingCertPem: env.SIGNING_CERT_PEM || undefined,
    signingP12Path: env.SIGNING_P12_PATH || undefined,
    signingP12Password: env.SIGNING_P12_PASSWORD || undefined,
    signingKmsKeyId: env.SIGNING_KMS_KEY_ID || undefined,
    signingKmsEndpoint: env.SIGNING_KMS_ENDPOINT || undefined,
    orgId: env.ORG_ID ?? "chptk",
    org: {
      fullName: env.ORG_FULL_NAME ?? DEFAULT_ORG.fullName,
      shortName: env.ORG_SHORT_NAME ?? DEFAULT_ORG.shortName,
      city: env.ORG_CITY ?? DEFAULT_ORG.city,
      directorName: env.ORG_DIRECTOR_NAME ?? DEFAULT_ORG.directorName,
      directorPosition: env.ORG_DIRECTOR_POSITION ?? DEFAULT_ORG.directorPosition,
      address: env.ORG_ADDRESS ?? DEFAULT_ORG.address,
      inn: env.ORG_INN || undefined,
      ogrn: env.ORG_OGRN || undefined,
    },
    personalData: {
      processor:
        env.PD_PROCESSOR_NAME || env.PD_PROCESSOR_ADDRESS
          ? { name: env.PD_PROCESSOR_NAME ?? "", address: env.PD_PROCESSOR_ADDRESS ?? "" }
          : undefined,
      period: env.PD_CONSENT_PERIOD || DEFAULT_PD_PERIOD,
      extraFields: list(env.PD_EXTRA_FIELDS),
    },
    directS3Transfers: env.DIRECT_S3_TRANSFERS ? bool(env.DIRECT_S3_TRANSFERS, false) : undefined,
    trustProxy: bool(env.TRUST_PROXY, false),
    linkTtlDays: int(env.LINK_TTL_DAYS, 30),
    confirmationCodes: (env.CONFIRMATION_CODES || "off") as "off" | "required",
    orderNumberFormat: env.ORDER_NUMBER_FORMAT ?? "{n}-од",
    timeZone: env.TIME_ZONE ?? "Asia/Chita",
    tsaUrls: list(env.TSA_URL),
    tsaTimeoutMs: int(env.TSA_TIMEOUT_MS, 3000),
    warmUpDocuments: bool(env.WARM_UP_DOCUMENTS, true),
    messages: {
      sesEndpoint: env.SES_ENDPOINT || undefined,
      sesRegion:
        env.SES_REGION || env.AWS_REGION || env.AWS_DEFAULT_REGION || (local ? "ru-central1" : "eu-west-1"),
      mailFrom: env.MAIL_FROM || (local ? "noreply@soglasie.local" : undefined),
      senderName: env.MESSAGE_SENDER_NAME || env.ORG_SHORT_NAME || DEFAULT_ORG.shortName,
      smsruApiId: env.SMSRU_API_ID || undefined,
      smsruEndpoint: (env.SMSRU_ENDPOINT || "https://sms.ru").replace(/\/+$/, ""),
      smsruCallbackSecret: env.SMSRU_CALLBACK_SECRET || undefined,
      sesEventsTopicArn: env.SES_EVENTS_TOPIC_ARN || undefined,
      snsTrustedCertUrl: env.SNS_TRUSTED_CERT_URL || undefined,
      smsFrom: env.SMS_FROM || undefined,
      emailRatePerSecond: Number(env.EMAIL_RATE_PER_SECOND || (local ? 200 : 10)),
      smsRatePerSecond: Number(env.SMS_RATE_PER_SECOND || 5),
      retentionDays: int(env.MESSAGE_RETENTION_DAYS, 90),
      quietFromHour: int(env.QUIET_HOURS_FROM, 21),
      quietToHour: int(env.QUIET_HOURS_TO, 9),
      reminderFirstAfterDays: int(env.REMINDER_FIRST_AFTER_DAYS, 5),
      reminderEveryDays: int(env.REMINDER_EVERY_DAYS, 3),
      reminderMax: int(env.REMINDER_MAX, 3),
      localSweepSeconds: int(env.MESSAGE_SWEEP_SECONDS, 30),
    },
    ...overrides,
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".") || "config"}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  if (parsed.data.mode !== "local" && parsed.data.sessionSecret === LOCAL_DEV_SESSION_SECRET) {
    throw new ConfigError("SESSION_SECRET must be set outside local mode");
  }
  return parsed.data;
}

/** Whether large files bypass the function (see AppConfig.directS3Transfers). */
export const directS3Transfers = (config: AppConfig): boolean =>
  config.directS3Transfers ?? config.mode === "aws";

import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { serve } from "@hono/node-server";
import { ConfigError, configFromEnv } from "@soglasie/core/config";
import { createServices } from "@soglasie/core/services";
import { createClients } from "@soglasie/core/storage/clients";
import { ensureBucket, ensureTable } from "@soglasie/core/storage/setup";
import { createApp } from "@soglasie/functions/app";
import { startMessageSender } from "./message-sender.js";
import { startOrphanSweeper } from "./orphan-sweeper.js";
import { DATA_DIR } from "./paths.js";
import { lanAddresses, publicUrlWarning } from "./public-url-warning.js";
import { clearRuntime, writeRuntime } from "./runtime-file.js";
import { DEFAULT_DEMO_PASSWORD, DEMO_STAFF } from "./seed/demo-staff.js";
import { seedDemo } from "./seed/seed.js";
import { DynamoLocalBindError, startDynamoLocal } from "./stores/dynamodb-local.js";
import { MissingJavaError } from "./stores/java.js";
import { startS3Server } from "./stores/s3-server.js";
import { startSesLocal } from "./stores/ses-local.js";
import { supervise } from "./stores/supervise.js";
import { startLocalTsa } from "./stores/timestamp-authority.js";
import { startTimestampTimer } from "./timestamp-timer.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { values: args } = parseArgs({
  options: { reset: { type: "boolean", default: false }, "no-seed": { type: "boolean", default: false } },
});

const stops: Array<() => Promise<unknown>> = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log("\nОстанавливаю сервис и локальные хранилища...");
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  clearRuntime();
  process.exit(code);
}

async function main() {
  if (args.reset) {
    rmSync(DATA_DIR, { recursive: true, force: true });
    console.log(`Данные сброшены: ${DATA_DIR}`);
  }
  const env: Record<string, string | undefined> = {
    ...process.env,
    APP_MODE: process.env.APP_MODE ?? "local",
  };

  // The embedded stores listen on 127.0.0.1 only (they accept any credentials) and are supervised:
  // a store that dies is started again on the same port with the same data, or the service stops.
  const restarts = {
    baseDelayMs: Number(env.STORE_RESTART_DELAY_MS) || 1000,
    log: (line: string) => console.error(line),
    giveUp: (message: string) => {
      console.error(`\n${message}`);
      void shutdown(1);
    },
  };
  if (!env.DYNAMODB_ENDPOINT) {
    process.stdout.write("Запускаю DynamoDB Local... ");
    const dataDir = join(DATA_DIR, "dynamodb");
    const dynamo = await startDynamoLocal({ dataDir, port: Number(env.DYNAMODB_PORT) || undefined });
    const supervisor = supervise(dynamo, {
      name: "Хранилище DynamoDB Local",
      restart: (port) => startDynamoLocal({ dataDir, port }),
      ...restarts,
    });
    stops.push(() => supervisor.stop());
    env.DYNAMODB_ENDPOINT = dynamo.endpoint;
    console.log(dynamo.endpoint);
  }
  if (!env.S3_ENDPOINT && env.APP_MODE === "local") {
    process.stdout.write("Запускаю локальный S3 (s3rver)... ");
    const dataDir = join(DATA_DIR, "s3");
    const s3 = await startS3Server({ dataDir, port: Number(env.S3_PORT) || undefined });
    const supervisor = supervise(s3, {
      name: "Хранилище S3 (s3rver)",
      restart: (port) => startS3Server({ dataDir, port }),
      ...restarts,
    });
    stops.push(() => supervisor.stop());
    env.S3_ENDPOINT = s3.endpoint;
    console.log(s3.endpoint);
  }

  // A local RFC 3161 authority (openssl ts -reply behind an HTTP server in this process) unless
  // TSA_URL names real ones: every document is timestamped (PAdES B-T) from the first start.
  let localTsa: string | undefined;
  if (!env.TSA_URL && env.APP_MODE === "local") {
    process.stdout.write("Запускаю локальную службу меток времени (openssl ts)... ");
    const tsa = await startLocalTsa({ dir: join(DATA_DIR, "tsa"), port: Number(env.TSA_PORT) || undefined });
    stops.push(() => tsa.stop());
    env.TSA_URL = tsa.url;
    localTsa = tsa.url;
    console.log(tsa.url);
  }
  let mailPage: string | undefined;
  if (!env.SES_ENDPOINT && env.APP_MODE === "local") {
    process.stdout.write("Запускаю локальный почтовый сервис (aws-ses-v2-local)... ");
    const ses = await startSesLocal({ port: Number(env.SES_PORT) || undefined });
    const supervisor = supervise(ses, {
      name: "Локальный почтовый сервис (aws-ses-v2-local)",
      restart: (port) => startSesLocal({ port }),
      ...restarts,
    });
    stops.push(() => supervisor.stop());
    env.SES_ENDPOINT = ses.endpoint;
    mailPage = ses.mailPage;
    console.log(ses.endpoint);
  }

  const config = configFromEnv(env);
  const clients = createClients(config);
  await ensureTable(clients.ddb, config.tableName);
  await ensureBucket(clients.s3, config.bucketName);
  const services = await createServices(config, {
    clients,
    signingDir: join(DATA_DIR, "signing"),
    warmUp: true,
  });

  const password = env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
  if (config.mode === "local" && !args["no-seed"]) {
    const labels: Record<string, string> = {
      staff: "сотрудники",
      regulation: "Положение",
      roster: "группы и родители",
    };
    process.stdout.write("Демо-колледж:");
    const report = await seedDemo(services, password, (step) =>
      process.stdout.write(` ${labels[step] ?? step}…`),
    );
    console.log(report.staffCreated > 0 ? " создан." : " уже есть, данные сохранены.");
  }

  const app = createApp(services);
  const port = Number(env.PORT ?? 3000);
  const server = serve({ fetch: app.fetch, port, hostname: env.HOST ?? "127.0.0.1" });
  stops.unshift(() => new Promise((resolve) => server.close(resolve)));
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  // Orphaned PDFs (a write interrupted between S3 and DynamoDB) are deleted after an hour.
  const sweeper = startOrphanSweeper(services, { log: (line) => console.log(line) });
  stops.unshift(async () => sweeper.stop());
  // B-B documents (issued while no authority answered) and B-T ones are brought to B-LTA.
  const timestamps = startTimestampTimer(services, { log: (line) => console.log(line) });
  stops.unshift(async () => timestamps.stop());
  // Invitations and reminders: the same sweep as the Cron function on AWS, on a timer.
  if (config.messages.localSweepSeconds > 0) {
    const sender = startMessageSender(services, {
      intervalMs: config.messages.localSweepSeconds * 1000,
      log: (line) => console.log(line),
    });
    stops.unshift(async () => sender.stop());
  }
  writeRuntime({
    pid: process.pid,
    dynamodbEndpoint: config.dynamodbEndpoint ?? "",
    s3Endpoint: config.s3Endpoint ?? "",
    sesEndpoint: mailPage ? config.messages.sesEndpoint : undefined,
    publicBaseUrl: config.publicBaseUrl,
    tsaUrl: config.tsaUrls.join(","),
  });

  const url = config.publicBaseUrl;
  console.log(`
Сервис «Согласие» работает: ${url}
  Проверка:           ${url}/health
  Вход сотрудников:   ${url}/login
  Метки времени:      ${localTsa ? `${localTsa} (локальная, openssl ts; сертификат в .data/tsa)` : config.tsaUrls.join(", ") || "не настроены (TSA_URL): документы без меток времени, PAdES B-B"}
  Отправленная почта: ${mailPage ?? `не локальная (SES_ENDPOINT=${config.messages.sesEndpoint ?? "AWS"})`}
  SMS:                ${config.messages.smsruApiId ? "SMS.ru (SMSRU_API_ID задан)" : "выключены (задайте SMSRU_API_ID)"}
Демо-учётные записи (пароль: ${password}${env.DEMO_PASSWORD ? ", из DEMO_PASSWORD" : ", задайте свой через DEMO_PASSWORD"}):
${DEMO_STAFF.map((s) => `  ${s.email.padEnd(24)} ${s.position}`).join("\n")}
Ссылки для родителей: войдите как teacher1@demo.local → «Контингент и ссылки».
Остановить: Ctrl-C`);
  const warning = publicUrlWarning({
    publicBaseUrl: url,
    host: env.HOST ?? "127.0.0.1",
    port,
    lan: lanAddresses(),
  });
  if (warning) console.log(`\n${warning}`);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
process.on("SIGHUP", () => void shutdown(0));

main().catch(async (error) => {
  if (
    error instanceof MissingJavaError ||
    error instanceof ConfigError ||
    error instanceof DynamoLocalBindError
  )
    console.error(`\n${error.message}`);
  else console.error("\nНе удалось запустить сервис:", error);
  await shutdown(1);
});

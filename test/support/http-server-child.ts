/**
 * The service as a real HTTP server in a process of its own (benchmarks, load and fault tests):
 * the same createApp as `npm start`, on stores given by the environment, listening on a free port.
 * Prints `listening <port>` once ready.
 *
 * SOGLASIE_FAULT=kill-after-document-put makes the process SIGKILL itself right after the Nth
 * (SOGLASIE_FAULT_AFTER, default 1) signed PDF reaches S3, i.e. between the S3 put and the DynamoDB
 * transaction of that request: the crash a real deployment can suffer at the worst moment, which no
 * real store can produce on demand.
 */
import { serve } from "@hono/node-server";
import { configFromEnv } from "@soglasie/core/config";
import { createServices } from "@soglasie/core/services";
import { createApp } from "@soglasie/functions/app";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const config = configFromEnv({ ...process.env, APP_MODE: "local" });
const services = await createServices(config, {
  signingDir: process.env.SIGNING_DIR,
  warmUp: true,
});

if (process.env.SOGLASIE_FAULT === "kill-after-document-put") {
  const after = Number(process.env.SOGLASIE_FAULT_AFTER ?? 1);
  let puts = 0;
  services.clients.s3.middlewareStack.add(
    (next, context) => async (args) => {
      const out = await next(args);
      const key = String((args.input as { Key?: string }).Key ?? "");
      if (context.commandName === "PutObjectCommand" && key.includes("/documents/") && ++puts >= after) {
        process.stdout.write(`killed-after-put ${key}\n`);
        process.kill(process.pid, "SIGKILL");
      }
      return out;
    },
    { step: "initialize", name: "soglasieFaultKillAfterPut" },
  );
}

const server = serve({ fetch: createApp(services).fetch, port: 0, hostname: "127.0.0.1" }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});

const stop = () => {
  server.close(() => process.exit(0));
  // Keep-alive connections of load generators would hold close() open.
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

import { PayloadTooLargeError } from "@soglasie/core/errors";
import type { Services } from "@soglasie/core/services";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { loadSession } from "./http/auth.js";
import type { AppEnv } from "./http/env.js";
import { handleError, handleNotFound } from "./http/errors.js";
import { originCheck } from "./http/origin-check.js";
import { privateResponses } from "./http/private-responses.js";
import { servedOverHttps } from "./http/transport.js";

/** Largest accepted body: the protocol scan limit (20 MB) plus multipart overhead. */
export const MAX_BODY_BYTES = 21 * 1024 * 1024;

/**
 * The common middleware every app runs behind: request id, security headers (HSTS only over
 * https), a body limit, the origin check of browser requests, no-store on private answers, and the
 * session. Each Lambda function and the local server build
 * their app with this and mount the routes they serve.
 */
export function createBaseApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        scriptSrc: ["'self'"],
      },
      referrerPolicy: "no-referrer",
      // The same as frame-ancestors 'none', for browsers that only know the older header.
      xFrameOptions: "DENY",
      // Set below, and only where the browser came over https (HSTS over http is meaningless).
      strictTransportSecurity: false,
    }),
  );
  app.use(async (c, next) => {
    await next();
    if (servedOverHttps(c)) c.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  });
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => handleError(new PayloadTooLargeError("Слишком большой запрос: не более 20 МБ"), c),
    }),
  );
  // Rejects browsers' cross-site requests by Origin; staff forms also carry a per-session token.
  app.use(originCheck(services.config.publicBaseUrl));
  app.use(privateResponses);
  app.use(loadSession);
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

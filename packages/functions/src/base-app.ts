import { PayloadTooLargeError } from "@soglasie/core/errors";
import type { Services } from "@soglasie/core/services";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { loadSession } from "./http/auth.js";
import type { AppEnv } from "./http/env.js";
import { handleError, handleNotFound } from "./http/errors.js";

/** Largest accepted body: the protocol scan limit (20 MB) plus multipart overhead. */
export const MAX_BODY_BYTES = 21 * 1024 * 1024;

/**
 * The common middleware every app runs behind: request id, security headers, a body limit,
 * origin checks on form posts, and the session. Each Lambda function and the local server build
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
    }),
  );
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => handleError(new PayloadTooLargeError("Слишком большой запрос: не более 20 МБ"), c),
    }),
  );
  // Rejects cross-site form posts by Origin; staff forms also carry a per-session token.
  app.use(
    csrf({
      // Bearer-token API clients are not browsers: no ambient credentials, so no cross-site forgery.
      // Browsers must post from this site: the request's own origin or the configured public one.
      origin: (origin, c) =>
        /^Bearer\s/i.test(c.req.header("authorization") ?? "") ||
        origin === new URL(c.req.url).origin ||
        origin === new URL(services.config.publicBaseUrl).origin,
    }),
  );
  app.use(loadSession);
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}

import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";

/** Largest PDF checked: the same limit as the protocol scans. */
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;
export const TOO_LARGE = "Файл больше 20 МБ";

/** Stops a larger upload before it is read (multipart overhead allowed), answered by `tooLarge`. */
export const verifyBodyLimit = (tooLarge: (c: Context) => Response | Promise<Response>) =>
  bodyLimit({ maxSize: MAX_VERIFY_BYTES + 64 * 1024, onError: tooLarge });

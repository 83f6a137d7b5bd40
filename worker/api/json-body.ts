import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../core/app-error";

/** Largest request body: a 1 000-row bulk edit fits with room to spare. */
const MAX_BODY_BYTES = 512 * 1024;

export const limitBody: MiddlewareHandler = bodyLimit({
	maxSize: MAX_BODY_BYTES,
	onError: () => {
		throw new AppError("payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
	},
});

/** Bodies are JSON: anything else is refused before it is read. (An action may have no body at all.) */
export const requireJsonBody: MiddlewareHandler = async (c, next) => {
	const method = c.req.method;
	const hasBody = (c.req.header("content-length") ?? "0") !== "0" || c.req.header("transfer-encoding") !== undefined;
	if (hasBody && (method === "POST" || method === "PUT" || method === "PATCH")) {
		const type = c.req.header("content-type") ?? "";
		if (!/^application\/(.+\+)?json\b/i.test(type))
			throw new AppError("unsupported_media_type", "Send the body as application/json.");
	}
	await next();
};

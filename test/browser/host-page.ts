/**
 * A partner's portal for the embed tests: a tiny static site on another origin (its own free port on
 * 127.0.0.1, served with node:http), whose pages load the grid with the documented snippet —
 * `<script type="module" src="APP/embed.js">` and `<stockroom-grid base-url="APP" token="…">`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type HostSite = {
	/** e.g. http://127.0.0.1:45678 — not the app's origin. */
	origin: string;
	/**
	 * Publishes a page embedding the grid (with `token`, or none) and answers its URL. `crowded`: a
	 * portal as real ones are — a second copy of embed.js (another URL, so another module instance)
	 * and page styles that would restyle any div or cell they could reach.
	 */
	embedPage: (path: string, options: { app: string; token?: string; crowded?: boolean }) => string;
	/** Publishes a page of the portal's own making at `path` and answers its URL. */
	publish: (path: string, page: string) => string;
	close: () => Promise<void>;
};

const escapeAttribute = (text: string) =>
	text.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("<", "&lt;");

export async function startHostSite(): Promise<HostSite> {
	const pages = new Map<string, string>();
	const server: Server = createServer((request, response) => {
		const page = pages.get(new URL(request.url ?? "/", "http://host").pathname);
		response.writeHead(page === undefined ? 404 : 200, { "content-type": "text/html; charset=utf-8" });
		response.end(page ?? "not found");
	});
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(0, "127.0.0.1", () => resolve());
	});
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		origin,
		embedPage(path, { app, token, crowded = false }) {
			const tokenAttribute = token === undefined ? "" : ` token="${escapeAttribute(token)}"`;
			const crowd = crowded
				? `<script type="module" src="${escapeAttribute(app)}/embed.js?copy=2"></script>
<style>div, span, [role="gridcell"] { background: rgb(255, 0, 0) !important; font-size: 40px !important; }
p.portal-note { color: rgb(0, 128, 0); }</style>`
				: "";
			pages.set(
				path,
				`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Partner portal</title>
<script type="module" src="${escapeAttribute(app)}/embed.js"></script>
${crowd}
</head>
<body>
<h1>Partner portal: stock</h1>
<p class="portal-note">Stock from Stockroom</p>
<stockroom-grid base-url="${escapeAttribute(app)}"${tokenAttribute} style="height:700px"></stockroom-grid>
</body>
</html>`,
			);
			return `${origin}${path}`;
		},
		publish(path, page) {
			pages.set(path, page);
			return `${origin}${path}`;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

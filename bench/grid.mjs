/**
 * `node bench/grid.mjs` (the last part of `npm run bench`): our `<stockroom-grid>` beside AG Grid
 * Community, in the same Chromium run (the browser tests' Chromium, test/browser/launch-chromium.ts:
 * CHROMIUM_PATH, Debian's /usr/bin/chromium, or the one inside @sparticuz/chromium, through
 * playwright-core), on the same company of 10 000 products × 3 locations served by the app's own
 * `wrangler dev` (bench/server.mjs, state in bench/.state/grid).
 *
 * Both pages are served from one origin of their own (node:http on a free port, like a partner's
 * portal) and fetch the same rows from the same API with the same paging: `/locations` beside
 * `/levels?limit=1000` page after page, with the same embed token — so both pay the same network
 * and CORS cost, and both show rows as the pages arrive. Same viewport (1400×900), same columns
 * (SKU, name, type pinned; total on hand/reserved/available/incoming; per location the same plus
 * reorder point, reorder qty, bin), same row height (AG Grid is given ours); AG Grid in its default
 * theme, bundled and minified by esbuild from node_modules with the modules it needs.
 *
 * Measured per grid:
 * - time to first rows: navigation start → the first data cell in the DOM (checked every frame),
 *   and → all rows in (our `loaded` attribute; AG Grid: after the last page's transaction), median
 *   of GRID_LOADS loads (alternating the grids);
 * - JS heap after load: CDP `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage` (used);
 * - scroll frame times: a programmatic scroll from top to bottom, GRID_ROWS_PER_FRAME rows' height
 *   per animation frame; the deltas between requestAnimationFrame callbacks, p50/p95/max;
 * - bundle size: ui/dist/embed.js and the AG Grid page's bundle, both minified by esbuild, raw and
 *   gzip (node:zlib, level 9).
 * Prints a table with each ratio (ours ÷ AG Grid); figures also in bench/results/grid-latest.json
 * and as one JSON line last on stdout. Knobs: GRID_PRODUCTS, GRID_LOADS, GRID_ROWS_PER_FRAME,
 * GRID_PORT, CHROMIUM_PATH.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { exited } from "../scripts/process-groups.mjs";
import { chromiumToLaunch, launchChromium } from "../test/browser/launch-chromium.ts";
import { fmt, ms, table } from "./format.mjs";
import { boundRun, knob, loadBeforeRun, printLoad, saveResults } from "./harness.mjs";
import { median, percentile } from "./load.mjs";
import { startServer, stopChildren } from "./server.mjs";

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const config = {
	products: knob("GRID_PRODUCTS", 10_000),
	loads: knob("GRID_LOADS", 3),
	rowsPerFrame: knob("GRID_ROWS_PER_FRAME", 8),
	port: knob("GRID_PORT", 8791),
	viewport: { width: 1400, height: 900 },
	/** Which Chromium, once launched. */
	chromium: "",
};
const WATCHDOG_MS = 10 * 60_000;
const LOAD_TIMEOUT_MS = 180_000;

const say = (line) => console.log(`[bench:grid] ${line}`);

let server;
let browser;
let site;
async function shutdown(code) {
	await browser?.close().catch(() => undefined);
	site?.closeAllConnections();
	site?.close();
	if (server) await server.stop();
	else await stopChildren();
	process.exit(code);
}
boundRun("bench:grid", WATCHDOG_MS, shutdown);

async function api(method, path, { token, body, timeoutMs = 60_000 } = {}) {
	const response = await fetch(`${server.origin}${path}`, {
		method,
		headers: {
			...(token ? { authorization: `Bearer ${token}` } : {}),
			...(body === undefined ? {} : { "content-type": "application/json" }),
		},
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text);
}

/**
 * The benchmark's company. wrangler dev reloads the Worker when ui/dist changes (a rebuild of the
 * UI elsewhere) and answers what was in flight with 503: then a new company is made again.
 */
async function createCompany() {
	for (let attempt = 1; ; attempt++) {
		try {
			return await api("POST", `/dev/bench-company?products=${config.products}`, { timeoutMs: 300_000 });
		} catch (error) {
			if (attempt >= 3 || !String(error).includes("answered 503")) throw error;
			say(`  the Worker restarted mid-request (${attempt}); creating the company again`);
		}
	}
}

/** The UI as `npm start` builds it (ui/dist), so that embed.js is this checkout's. */
async function buildUi() {
	const build = spawn(process.execPath, [join(root, "scripts", "build-ui.mjs")], { cwd: root, stdio: "inherit" });
	if ((await exited(build)) !== 0) throw new Error("building the UI failed");
}

/** The AG Grid page's script, bundled and minified like ours. */
async function bundleAgGrid() {
	const result = await esbuild.build({
		entryPoints: [join(root, "bench", "grid-pages", "ag-grid-page.js")],
		bundle: true,
		minify: true,
		format: "esm",
		target: "es2022",
		legalComments: "none",
		write: false,
		logLevel: "warning",
	});
	return result.outputFiles[0].contents;
}

async function minified(path) {
	const { code } = await esbuild.transform(await readFile(path, "utf8"), {
		minify: true,
		loader: "js",
		format: "esm",
		legalComments: "none",
	});
	return Buffer.from(code);
}

const sizes = (bytes) => ({ min: bytes.byteLength, gzip: gzipSync(bytes, { level: 9 }).byteLength });

/** The portal serving both pages (another origin than the app's). */
async function startSite(pages) {
	const http = createServer((request, response) => {
		const page = pages.get(new URL(request.url ?? "/", "http://site").pathname);
		if (!page) {
			response.writeHead(404).end("not found");
			return;
		}
		response.writeHead(200, { "content-type": page.type, "cache-control": "no-store" }).end(page.body);
	});
	await new Promise((resolve, reject) => {
		http.once("error", reject);
		http.listen(0, "127.0.0.1", resolve);
	});
	return http;
}

const PAGE_STYLE = "html,body{margin:0;height:100%;font-family:system-ui,sans-serif}";

function oursPage(app, token) {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>stockroom-grid</title>
<style>${PAGE_STYLE} stockroom-grid{height:100vh}</style>
<script type="module" src="${app}/embed.js"></script></head>
<body><stockroom-grid base-url="${app}" token="${token}"></stockroom-grid></body></html>`;
}

function agPage(app, token, rowHeight) {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>AG Grid Community</title>
<style>${PAGE_STYLE} #grid{height:100vh}</style>
<script>window.BENCH=${JSON.stringify({ app, token, rowHeight })}</script>
<script type="module" src="/ag-grid-page.js"></script></head>
<body><div id="grid"></div></body></html>`;
}

/**
 * Runs in every page before its own scripts: notes (performance.now(), i.e. since navigation
 * start) the first frame in which a data cell is in the DOM, and the first in which all rows are.
 */
function probe() {
	const ours = () => document.querySelector("stockroom-grid");
	const firstCell = () => {
		const host = ours();
		if (host) return host.shadowRoot?.querySelector('[data-product-id][data-field="sku"]');
		return document.querySelector('.ag-row .ag-cell[col-id="sku"]');
	};
	const allIn = () => {
		const host = ours();
		return host ? host.hasAttribute("loaded") : window.__allLoadedAt !== undefined;
	};
	const tick = () => {
		if (window.__firstRowsAt === undefined && firstCell()) window.__firstRowsAt = performance.now();
		if (window.__loadedAt === undefined && allIn()) window.__loadedAt = performance.now();
		if (window.__firstRowsAt === undefined || window.__loadedAt === undefined) requestAnimationFrame(tick);
	};
	requestAnimationFrame(tick);
}

/** In the page: scrolls the grid's body top → bottom, `step` px per frame; answers the frame deltas. */
function scrollThrough({ rowsPerFrame, rowHeight, lastSku }) {
	const host = document.querySelector("stockroom-grid");
	// Ours scrolls its `[role="grid"]`; AG Grid (whose scrolling element's class changes between
	// versions) the tallest vertically scrollable element of its body.
	const scrollable = (el) =>
		el && el.scrollHeight > el.clientHeight + 1 && ["auto", "scroll"].includes(getComputedStyle(el).overflowY);
	const scroller = host
		? host.shadowRoot?.querySelector('[role="grid"]')
		: [...document.querySelectorAll("#grid *")].filter(scrollable).sort((a, b) => b.scrollHeight - a.scrollHeight)[0];
	if (!scrollable(scroller)) throw new Error("nothing to scroll");
	const step = rowsPerFrame * rowHeight;
	const maxFrames = Math.ceil(scroller.scrollHeight / step) + 120;
	scroller.scrollTop = 0;
	return new Promise((resolve) => {
		const deltas = [];
		let last;
		const frame = (now) => {
			if (last !== undefined) deltas.push(now - last);
			last = now;
			const atBottom = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
			if (atBottom || deltas.length > maxFrames) {
				// Two more frames for the last rows to be drawn, then: is the last product on screen?
				requestAnimationFrame(() =>
					requestAnimationFrame(() => {
						const cells = host
							? host.shadowRoot?.querySelectorAll('[data-product-id][data-field="sku"]')
							: document.querySelectorAll('.ag-row .ag-cell[col-id="sku"]');
						const lastRowDrawn = [...(cells ?? [])].some((c) => c.textContent?.trim() === lastSku);
						resolve({ deltas, scrollHeight: scroller.scrollHeight, reachedBottom: atBottom, lastRowDrawn });
					}),
				);
				return;
			}
			scroller.scrollTop += step;
			requestAnimationFrame(frame);
		};
		requestAnimationFrame(frame);
	});
}

async function load(url) {
	const context = await browser.newContext({ viewport: config.viewport });
	const page = await context.newPage();
	const errors = [];
	page.on("pageerror", (error) => errors.push(error.message));
	await page.addInitScript(probe);
	await page.goto(url);
	try {
		await page.waitForFunction(() => window.__firstRowsAt !== undefined && window.__loadedAt !== undefined, null, {
			timeout: LOAD_TIMEOUT_MS,
			polling: 100,
		});
	} catch (error) {
		throw new Error(`${url} did not load its rows: ${errors.join("; ") || error.message}`);
	}
	const timing = await page.evaluate(() => ({ firstRowsMs: window.__firstRowsAt, allRowsMs: window.__loadedAt }));
	return { context, page, ...timing };
}

async function heapAfterLoad(context, page) {
	const cdp = await context.newCDPSession(page);
	await cdp.send("HeapProfiler.collectGarbage");
	const { usedSize } = await cdp.send("Runtime.getHeapUsage");
	await cdp.detach();
	return usedSize;
}

async function measure(name, url, rowHeight) {
	const runs = [];
	for (let i = 0; i < config.loads; i++) {
		const run = await load(url);
		runs.push({ firstRowsMs: run.firstRowsMs, allRowsMs: run.allRowsMs });
		say(`  ${name} load ${i + 1}: first rows ${ms(run.firstRowsMs)}, all rows ${ms(run.allRowsMs)}`);
		if (i < config.loads - 1) await run.context.close();
		else {
			const heapBytes = await heapAfterLoad(run.context, run.page);
			say(`  ${name} heap after load ${fmt(heapBytes / 2 ** 20)} MiB; scrolling top → bottom`);
			const scroll = await run.page.evaluate(scrollThrough, {
				rowsPerFrame: config.rowsPerFrame,
				rowHeight,
				// The bench company's SKUs are B-000000… in the API's order.
				lastSku: `B-${String(config.products - 1).padStart(6, "0")}`,
			});
			await run.context.close();
			const sorted = [...scroll.deltas].sort((a, b) => a - b);
			return {
				runs,
				firstRowsMs: median(runs.map((r) => r.firstRowsMs)),
				allRowsMs: median(runs.map((r) => r.allRowsMs)),
				heapBytes,
				scroll: {
					frames: sorted.length,
					p50: percentile(sorted, 50),
					p95: percentile(sorted, 95),
					max: sorted[sorted.length - 1],
					scrollHeight: scroll.scrollHeight,
					reachedBottom: scroll.reachedBottom,
					lastRowDrawn: scroll.lastRowDrawn,
				},
			};
		}
	}
	throw new Error("GRID_LOADS must be at least 1");
}

/** Our row height, read from a first load, so that AG Grid shows as many rows per screen. */
async function ourRowHeight(url) {
	const run = await load(url);
	const height = await run.page.evaluate(() => {
		const cell = document
			.querySelector("stockroom-grid")
			?.shadowRoot?.querySelector('[data-product-id][data-field="sku"]');
		return cell?.closest('[role="row"]')?.getBoundingClientRect().height ?? cell?.getBoundingClientRect().height;
	});
	await run.context.close();
	if (!height) throw new Error("could not read the row height of <stockroom-grid>");
	return Math.round(height);
}

const bottom = (scroll) =>
	!scroll.reachedBottom ? " (bottom NOT reached)" : scroll.lastRowDrawn ? " (last row drawn)" : " (last row NOT drawn)";

function report(ours, ag, bundles, meta) {
	const ratio = (a, b) => (Number.isFinite(a / b) ? `${fmt(a / b, 2)}×` : "—");
	const kib = (n) => `${fmt(n / 1024)} KiB`;
	const mib = (n) => `${fmt(n / 2 ** 20)} MiB`;
	const rows = [
		["time to first rows (median)", ms(ours.firstRowsMs), ms(ag.firstRowsMs), ratio(ours.firstRowsMs, ag.firstRowsMs)],
		["time to all rows (median)", ms(ours.allRowsMs), ms(ag.allRowsMs), ratio(ours.allRowsMs, ag.allRowsMs)],
		["scroll frame p50", ms(ours.scroll.p50), ms(ag.scroll.p50), ratio(ours.scroll.p50, ag.scroll.p50)],
		["scroll frame p95", ms(ours.scroll.p95), ms(ag.scroll.p95), ratio(ours.scroll.p95, ag.scroll.p95)],
		["scroll frame max", ms(ours.scroll.max), ms(ag.scroll.max), ratio(ours.scroll.max, ag.scroll.max)],
		["JS heap after load", mib(ours.heapBytes), mib(ag.heapBytes), ratio(ours.heapBytes, ag.heapBytes)],
		["bundle, minified", kib(bundles.ours.min), kib(bundles.ag.min), ratio(bundles.ours.min, bundles.ag.min)],
		["bundle, min+gzip", kib(bundles.ours.gzip), kib(bundles.ag.gzip), ratio(bundles.ours.gzip, bundles.ag.gzip)],
	];
	console.log(
		`\nGrid — ${meta.products} products × ${meta.locations} locations (${meta.products * meta.locations} level rows in pages of 1000), ` +
			`viewport ${config.viewport.width}×${config.viewport.height}, ${meta.browser}\n`,
	);
	console.log(table(["", "<stockroom-grid>", `AG Grid ${meta.agVersion}`, "ours ÷ AG Grid"], rows));
	console.log(
		`\nScroll: ${config.rowsPerFrame} rows (${config.rowsPerFrame * meta.rowHeight} px) per frame, top → bottom: ` +
			`ours ${ours.scroll.frames} frames${bottom(ours.scroll)}, AG Grid ${ag.scroll.frames} frames${bottom(ag.scroll)}; ` +
			"a frame is 16.7 ms at 60 Hz.",
	);
	console.log(
		`Both pages fetch the same ${meta.apiPages} API pages with the same embed token from the same origin ` +
			`(read from Node without a browser: ${ms(meta.apiScanMs)}); ratios below 1 favour ours.\n`,
	);
}

const started = performance.now();
let exitCode = 0;
try {
	const loadBefore = loadBeforeRun(say);

	say("building the UI (ui/dist)");
	await buildUi();
	server = await startServer({
		root,
		stateDir: join(root, "bench", ".state", "grid"),
		port: config.port,
		// Embed tokens are signed with a key derived from this secret (worker/lib/signed-payload.ts).
		vars: { TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("base64") },
		log: say,
	});
	say(`wrangler dev is up at ${server.origin}`);

	say(`creating a company with ${config.products} products × 3 locations`);
	const company = await createCompany();

	// What both grids wait for at the least: every page of levels, read here without a browser.
	const scanStart = performance.now();
	let apiPages = 0;
	for (let cursor; ; ) {
		const page = await api("GET", `/api/v1/levels?limit=1000${cursor ? `&cursor=${cursor}` : ""}`, {
			token: company.token,
		});
		apiPages++;
		cursor = page.nextCursor;
		if (!cursor) break;
	}
	const apiScanMs = performance.now() - scanStart;
	say(`  the API's ${apiPages} pages of levels, read in sequence from Node: ${ms(apiScanMs)}`);

	const agBundle = await bundleAgGrid();
	const pages = new Map([["/ag-grid-page.js", { type: "text/javascript", body: agBundle }]]);
	site = await startSite(pages);
	const siteOrigin = `http://127.0.0.1:${site.address().port}`;
	const { token } = await api("POST", "/api/v1/embed-tokens", {
		token: company.token,
		body: { scopes: ["read"], origins: [siteOrigin], ttlSeconds: 3600 },
	});
	pages.set("/ours.html", { type: "text/html", body: oursPage(server.origin, token) });

	browser = await launchChromium();
	config.chromium = (await chromiumToLaunch()).label;
	say(`Chromium ${browser.version()} (${config.chromium}); pages at ${siteOrigin}`);

	// A warm-up load (caches, the app's first requests), which also tells our row height.
	const rowHeight = await ourRowHeight(`${siteOrigin}/ours.html`);
	pages.set("/ag.html", { type: "text/html", body: agPage(server.origin, token, rowHeight) });
	await (await load(`${siteOrigin}/ag.html`)).context.close();

	say(`measuring <stockroom-grid> (${config.loads} loads)`);
	const ours = await measure("ours", `${siteOrigin}/ours.html`, rowHeight);
	say(`measuring AG Grid Community (${config.loads} loads)`);
	const ag = await measure("AG Grid", `${siteOrigin}/ag.html`, rowHeight);

	const bundles = {
		ours: sizes(await minified(join(root, "ui", "dist", "embed.js"))),
		ag: sizes(agBundle),
	};
	const agVersion = JSON.parse(
		await readFile(join(root, "node_modules", "ag-grid-community", "package.json"), "utf8"),
	).version;
	const meta = {
		products: config.products,
		locations: company.locationIds.length,
		browser: `Chromium ${browser.version()}`,
		agVersion,
		rowHeight,
		apiPages,
		apiScanMs,
	};
	report(ours, ag, bundles, meta);
	const loadAfter = loadavg()[0];
	printLoad(loadBefore, loadAfter, "Chromium, wrangler and workerd");
	const summary = {
		bench: "grid",
		at: new Date().toISOString(),
		config,
		meta,
		ours,
		agGrid: ag,
		bundles,
		ratios: {
			firstRows: ours.firstRowsMs / ag.firstRowsMs,
			allRows: ours.allRowsMs / ag.allRowsMs,
			scrollP50: ours.scroll.p50 / ag.scroll.p50,
			scrollP95: ours.scroll.p95 / ag.scroll.p95,
			heap: ours.heapBytes / ag.heapBytes,
			bundleGzip: bundles.ours.gzip / bundles.ag.gzip,
		},
		loadAverage: { before: loadBefore, after: loadAfter },
		totalSeconds: (performance.now() - started) / 1000,
	};
	say(`total ${fmt(summary.totalSeconds)} s; figures also in ${await saveResults("grid-latest.json", summary)}`);
	console.log(JSON.stringify(summary));
} catch (error) {
	console.error(`[bench:grid] failed: ${error?.stack ?? error}`);
	if (server) console.error(`[bench:grid] last lines of the wrangler log:\n${await server.logTail(30)}`);
	exitCode = 1;
} finally {
	await shutdown(exitCode);
}

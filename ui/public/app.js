/**
 * The plain stock page: every product's on hand, reserved and available per location, read from
 * /api/v1 with a bearer token. No framework and no build step; the real grid comes later.
 */
const TOKEN_KEY = "stockroom.token";
const PAGE_SIZE = 1000;
const COLUMNS = [
	["onHand", "On hand"],
	["reserved", "Reserved"],
	["available", "Available"],
];

const $ = (id) => document.getElementById(id);
const numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });

class Unauthorized extends Error {}

async function api(token, path) {
	const response = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
	if (response.status === 401) throw new Unauthorized();
	const body = await response.json().catch(() => null);
	if (!response.ok) throw new Error(body?.detail ?? `${path} answered ${response.status}`);
	return body;
}

/** All level rows, following the cursor page by page. */
async function allLevels(token) {
	const rows = [];
	let cursor = null;
	do {
		const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
		if (cursor) query.set("cursor", cursor);
		const page = await api(token, `/levels?${query}`);
		rows.push(...page.items);
		cursor = page.nextCursor;
		setStatus(`Loading… ${rows.length} rows`);
	} while (cursor);
	return rows;
}

/** Level rows (product × location) folded into one entry per product, in the API's SKU order. */
function byProduct(rows) {
	const products = new Map();
	for (const row of rows) {
		let product = products.get(row.productId);
		if (!product) {
			product = { sku: row.sku, name: row.name, levels: new Map() };
			products.set(row.productId, product);
		}
		product.levels.set(row.locationId, row);
	}
	return [...products.values()];
}

function element(tag, attributes = {}, text) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
	if (text !== undefined) node.textContent = text;
	return node;
}

/** Two header rows: SKU and product, then one column group (on hand, reserved, available) per location. */
function renderTable(locations, products) {
	const table = $("grid");
	const caption = table.caption;
	table.replaceChildren(caption);

	table.append(element("colgroup", { span: "2" }));
	for (const _ of locations) table.append(element("colgroup", { span: String(COLUMNS.length), class: "location" }));

	const head = element("thead");
	const top = element("tr");
	top.append(
		element("th", { scope: "col", rowspan: "2" }, "SKU"),
		element("th", { scope: "col", rowspan: "2" }, "Product"),
	);
	const sub = element("tr");
	for (const location of locations) {
		top.append(element("th", { scope: "colgroup", colspan: String(COLUMNS.length) }, location.name));
		for (const [, label] of COLUMNS) sub.append(element("th", { scope: "col" }, label));
	}
	head.append(top, sub);

	const body = element("tbody");
	for (const product of products) {
		const tr = element("tr");
		tr.dataset.search = `${product.sku} ${product.name}`.toLowerCase();
		tr.append(element("td", {}, product.sku), element("th", { scope: "row" }, product.name));
		for (const location of locations) {
			const level = product.levels.get(location.id);
			for (const [key] of COLUMNS) {
				const value = level?.[key];
				const td = element("td", { class: "number" }, value === undefined ? "—" : numbers.format(value));
				if (key === "available" && value < 0) {
					td.classList.add("negative");
					td.append(element("span", { class: "visually-hidden" }, " (oversold)"));
				}
				tr.append(td);
			}
		}
		body.append(tr);
	}
	table.append(head, body);
}

function setStatus(text) {
	$("status").textContent = text;
}

/** Hides the rows whose SKU and name do not contain the filter text. */
function applyFilter() {
	const needle = $("filter").value.trim().toLowerCase();
	const rows = $("grid").tBodies[0]?.rows ?? [];
	let shown = 0;
	for (const row of rows) {
		row.hidden = needle !== "" && !row.dataset.search.includes(needle);
		if (!row.hidden) shown++;
	}
	setStatus(needle ? `${shown} of ${rows.length} products match.` : `${rows.length} products.`);
}

/** Loads and shows the stock with `token`; false when the API refuses the token. */
async function show(token) {
	setStatus("Loading…");
	$("grid").setAttribute("aria-busy", "true");
	try {
		const [locations, rows] = await Promise.all([api(token, "/locations"), allLevels(token)]);
		sessionStorage.setItem(TOKEN_KEY, token);
		$("token-form").hidden = true;
		renderTable(locations.items, byProduct(rows));
		$("stock").hidden = false;
		applyFilter();
		return true;
	} catch (error) {
		if (error instanceof Unauthorized) {
			sessionStorage.removeItem(TOKEN_KEY);
			return false;
		}
		setStatus(`Could not load the stock: ${error.message}`);
		return true;
	} finally {
		$("grid").removeAttribute("aria-busy");
	}
}

/** A demo owner token, when the app runs in development; null elsewhere (the route is absent). */
async function devToken() {
	try {
		const response = await fetch("/dev/token", { method: "POST" });
		return response.ok ? (await response.text()).trim() : null;
	} catch {
		return null;
	}
}

function askForToken(message) {
	setStatus("");
	$("stock").hidden = true;
	$("token-form").hidden = false;
	$("token-error").textContent = message;
	$("token").focus();
}

async function start() {
	const saved = sessionStorage.getItem(TOKEN_KEY);
	if (saved && (await show(saved))) return;
	const dev = await devToken();
	if (dev && (await show(dev))) return;
	askForToken(saved ? "The saved token was refused; paste another." : "");
}

$("token-form").addEventListener("submit", async (event) => {
	event.preventDefault();
	const token = $("token").value.trim();
	if (!(await show(token))) askForToken("This token was refused.");
});
$("filter").addEventListener("input", applyFilter);
$("reload").addEventListener("click", async () => {
	const token = sessionStorage.getItem(TOKEN_KEY);
	if (!token || !(await show(token))) await start();
});

await start();

/**
 * The benchmark's AG Grid Community page (bundled by esbuild in bench/grid.mjs): the same rows as
 * `<stockroom-grid>` — products × locations pivoted into one row per product, column groups
 * "Product" (pinned), "Total" and one per location — fetched from the same API with the same paging
 * (`/locations` beside `/levels?limit=1000` page after page, bearer embed token), rows shown as the
 * pages arrive. Default theme (Quartz), the row height of our grid, so both show as many rows.
 */
import {
	ClientSideRowModelApiModule,
	ClientSideRowModelModule,
	createGrid,
	ModuleRegistry,
	RowApiModule,
} from "ag-grid-community";

ModuleRegistry.registerModules([ClientSideRowModelModule, ClientSideRowModelApiModule, RowApiModule]);

const { app, token, rowHeight } = window.BENCH;
const STOCK = ["onHand", "reserved", "available", "incoming"];
const PLANNING = ["reorderPoint", "reorderQty", "bin"];
const LABELS = {
	onHand: "On hand",
	reserved: "Reserved",
	available: "Available",
	incoming: "Incoming",
	reorderPoint: "Reorder point",
	reorderQty: "Reorder qty",
	bin: "Bin",
};
const number = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });
const formatted = (p) => (typeof p.value === "number" ? number.format(p.value) : (p.value ?? ""));

async function get(path) {
	const response = await fetch(`${app}/api/v1${path}`, {
		headers: { authorization: `Bearer ${token}`, accept: "application/json" },
	});
	if (!response.ok) throw new Error(`GET ${path} → ${response.status}`);
	return response.json();
}

async function all(path, onPage) {
	const items = [];
	for (let cursor = null; ; ) {
		const separator = path.includes("?") ? "&" : "?";
		const page = await get(`${path}${separator}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
		items.push(...page.items);
		onPage?.(page.items);
		cursor = page.nextCursor;
		if (!cursor) return items;
	}
}

function columns(locations) {
	const field = (location, name, width) => ({
		headerName: LABELS[name],
		colId: `${location}.${name}`,
		field: `${location}.${name}`,
		width,
		type: name === "bin" ? undefined : "rightAligned",
		valueFormatter: formatted,
	});
	return [
		{
			headerName: "Product",
			children: [
				{ headerName: "SKU", colId: "sku", field: "sku", pinned: "left", width: 120 },
				{ headerName: "Name", colId: "name", field: "name", pinned: "left", width: 220 },
				{ headerName: "Type", colId: "type", field: "type", pinned: "left", width: 104 },
			],
		},
		{ headerName: "Total", children: STOCK.map((name) => field("total", name, 92)) },
		...locations.map((location) => ({
			headerName: location.name,
			children: [...STOCK, ...PLANNING].map((name) => field(location.id, name, 92)),
		})),
	];
}

/** One row per product; each page's levels merged in (a product's locations may span two pages). */
function pivot(levels, rows, added, updated) {
	for (const level of levels) {
		let row = rows.get(level.productId);
		if (!row) {
			row = { productId: level.productId, sku: level.sku, name: level.name, type: level.type, total: {} };
			for (const name of STOCK) row.total[name] = 0;
			rows.set(level.productId, row);
			added.add(row);
		} else if (!added.has(row)) updated.add(row);
		row[level.locationId] = level;
		for (const name of STOCK) row.total[name] += level[name];
	}
}

const element = document.querySelector("#grid");
const rows = new Map();
let api;
let pending = [];

function show(levels) {
	const added = new Set();
	const updated = new Set();
	pivot(levels, rows, added, updated);
	api.applyTransaction({ add: [...added], update: [...updated] });
}

const locationsLoaded = get("/locations?limit=1000").then((page) => page.items.filter((l) => !l.archivedAt));
const levelsLoaded = all("/levels", (levels) => {
	if (api) show(levels);
	else pending.push(...levels);
});
api = createGrid(element, {
	columnDefs: columns(await locationsLoaded),
	rowData: [],
	rowHeight,
	getRowId: (p) => p.data.productId,
	defaultColDef: { sortable: true, resizable: true },
});
if (pending.length) show(pending);
pending = [];
await levelsLoaded;
window.__allLoadedAt = performance.now();

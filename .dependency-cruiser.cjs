/**
 * The dependency rules of the code (npm run lint:deps, part of npm test), read by dependency-cruiser.
 * docs/architecture.md#layers draws the layers they enforce.
 *
 * The Worker's folders stand in layers; a folder imports only from layers below it, never from its
 * own layer unless the pair is listed in SAME_LAYER, so no two folders can depend on each other:
 *
 *   lib → core, db → catalogue, settings → stock → qbo → assemblies, sales, purchasing (the flows)
 *   → sync → auth, dev → live → api → the Worker's entry (worker/app.ts, worker/index.ts)
 *
 * Besides: no import cycle between modules; HTTP (hono) only in worker/api and the entry; the UI
 * never imports the Worker, and the simulator and the Worker share nothing.
 */

/** Each folder of worker/ and its layer (higher layers may import lower ones). */
const LAYERS = {
	lib: 0,
	core: 1,
	db: 1,
	catalogue: 2,
	settings: 2,
	stock: 3,
	qbo: 4,
	assemblies: 5,
	sales: 5,
	purchasing: 5,
	sync: 6,
	auth: 7,
	dev: 7,
	live: 8,
	api: 9,
};

/** Imports allowed within one layer: [from, to]. */
const SAME_LAYER = [["settings", "catalogue"]];

const folders = Object.keys(LAYERS);

/** For each folder, the folders it must not import: higher layers, and its own layer's other folders. */
const layerRules = folders.flatMap((from) => {
	const forbidden = folders.filter(
		(to) =>
			to !== from &&
			(LAYERS[to] > LAYERS[from] ||
				(LAYERS[to] === LAYERS[from] && !SAME_LAYER.some(([f, t]) => f === from && t === to))),
	);
	if (forbidden.length === 0) return [];
	return [
		{
			name: `layer-${from}`,
			comment: `worker/${from} (layer ${LAYERS[from]}) imports only from lower layers: not ${forbidden.join(", ")}.`,
			severity: "error",
			from: { path: `^worker/${from}/` },
			to: { path: `^worker/(${forbidden.join("|")})/` },
		},
	];
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
	forbidden: [
		...layerRules,
		{
			name: "only-entry-imports-folders-from-root",
			comment: "The Worker's root files (app.ts, index.ts) are its entry: nothing imports them.",
			severity: "error",
			from: { path: "^worker/[^/]+/" },
			to: { path: "^worker/[^/]+\\.ts$", pathNot: "^worker/[^/]+\\.d\\.ts$" },
		},
		{
			name: "no-circular",
			comment:
				"No import cycle between modules. A cycle closed by a type-only import (a module naming the type of what composes it) loads fine and is allowed.",
			severity: "error",
			from: {},
			to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
		},
		{
			name: "http-only-in-api",
			comment:
				"Routes, requests and responses belong to worker/api (and the entry); the layers below it know no HTTP framework. hono's JWT utilities are only cryptography.",
			severity: "error",
			from: { path: "^worker/", pathNot: "^worker/(api/|app\\.ts$|index\\.ts$)" },
			to: { path: "^node_modules/(hono|@hono)/", pathNot: "^node_modules/hono/dist/.*utils/jwt/" },
		},
		{
			name: "ui-not-worker",
			comment: "The UI talks to the Worker over HTTP only: it never imports its code.",
			severity: "error",
			from: { path: "^ui/" },
			to: { path: "^(worker|sim)/" },
		},
		{
			name: "sim-shares-nothing-with-worker",
			comment: "The QuickBooks simulator stands for Intuit: it shares no code with the Worker, either way.",
			severity: "error",
			from: { path: "^sim/" },
			to: { path: "^(worker|ui)/" },
		},
		{
			name: "worker-not-sim-ui-or-tests",
			comment: "The Worker never imports the simulator, the UI or the tests.",
			severity: "error",
			from: { path: "^worker/" },
			to: { path: "^(sim|ui|test)/" },
		},
		{
			name: "not-to-unresolvable",
			comment: "Every import resolves (a typo or a moved file fails here, not at run time).",
			severity: "error",
			from: {},
			to: { couldNotResolve: true, pathNot: "^(cloudflare:|node:)" },
		},
	],
	options: {
		doNotFollow: { path: "node_modules" },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: "tsconfig.json" },
		enhancedResolveOptions: {
			exportsFields: ["exports"],
			conditionNames: ["import", "require", "node", "default", "types"],
			extensions: [".ts", ".mts", ".js", ".mjs", ".d.ts"],
		},
		reporterOptions: { text: { highlightFocused: true } },
	},
};

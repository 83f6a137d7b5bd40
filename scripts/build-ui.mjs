/**
 * Builds the UI into ui/dist, the Worker's static assets (wrangler.toml `[assets]`): the app
 * (`app.js`) and the embeddable grid (`embed.js`), each one ES module bundled by esbuild with Lit
 * inside, next to the files of ui/public copied as they are. `--watch` rebuilds on every change.
 */
import { cp, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, "ui", "dist");
const watch = process.argv.includes("--watch");

// A clean slate for a build; a watcher keeps what a running `wrangler dev` already serves.
if (!watch) await rm(outdir, { recursive: true, force: true });
await mkdir(outdir, { recursive: true });
await cp(join(root, "ui", "public"), outdir, { recursive: true });

const options = {
	entryPoints: { app: join(root, "ui/src/app.ts"), embed: join(root, "ui/src/embed.ts") },
	outdir,
	bundle: true,
	format: "esm",
	target: "es2022",
	minify: true,
	sourcemap: true,
	// Lit's decorators as TypeScript compiles them (tsconfig.ui.json: experimentalDecorators).
	tsconfig: join(root, "tsconfig.ui.json"),
	legalComments: "none",
	logLevel: "warning",
};

if (watch) {
	const context = await esbuild.context(options);
	await context.watch();
	console.log("ui: watching ui/src");
} else {
	await esbuild.build(options);
}

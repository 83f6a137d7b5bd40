/**
 * Launching Chromium headless through playwright-core, which never downloads a browser of its own.
 * Without vitest hooks, so that bench/grid.mjs launches the same browser the same way (Node strips
 * the types). The browser, first found of:
 * 1. `CHROMIUM_PATH`;
 * 2. Debian's `/usr/bin/chromium`, when installed;
 * 3. the headless Chromium shipped inside the `@sparticuz/chromium` devDependency (a brotli file in
 *    the npm package: nothing is downloaded and no system package is needed), unpacked once per
 *    version into node_modules/.cache/stockroom-chromium/<version>/, and given the DejaVu fonts of
 *    the `dejavu-fonts-ttf` devDependency through a fontconfig file of its own, so that text renders
 *    the same with or without system fonts.
 */
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join, normalize } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { brotliDecompress, createBrotliDecompress } from "node:zlib";
import { type Browser, chromium } from "playwright-core";

const CHROMIUM_ARGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
];

/**
 * The flags of `@sparticuz/chromium`'s own list (`chromium.args`) that are taken, beside ours. Its
 * other flags are for AWS Lambda and would change what the tests prove: `--single-process`,
 * `--disable-web-security`, `--allow-running-insecure-content`, `--disable-site-isolation-trials`
 * and `--disable-features=IsolateOrigins,site-per-process` (the embed tests need real CORS and
 * cross-origin frames), `--enable-features=SharedArrayBuffer`, the GPU/SwiftShader flags (we run
 * with `--disable-gpu`), `--no-zygote`/`--disable-setuid-sandbox` (not needed off Lambda) and its
 * `--headless='shell'` (ours stands; the binary is a headless shell anyway).
 */
const SPARTICUZ_ARGS_KEPT = ["--disable-domain-reliability", "--no-pings", "--font-render-hinting"];

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export type ChromiumToLaunch = {
	executablePath: string;
	args: string[];
	/** Variables added to the browser's environment. */
	env: Record<string, string>;
	/** Which Chromium this is, for logs. */
	label: string;
};

let chosen: Promise<ChromiumToLaunch> | undefined;

/** The Chromium to launch (memoized: the bundled one is unpacked at most once per process). */
export function chromiumToLaunch(): Promise<ChromiumToLaunch> {
	chosen ??= choose();
	return chosen;
}

export async function launchChromium(): Promise<Browser> {
	const { executablePath, args, env } = await chromiumToLaunch();
	return chromium.launch({ executablePath, args, env: { ...process.env, ...env } });
}

async function choose(): Promise<ChromiumToLaunch> {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv) return { executablePath: fromEnv, args: CHROMIUM_ARGS, env: {}, label: `CHROMIUM_PATH=${fromEnv}` };
	if (existsSync(DEBIAN_CHROMIUM)) {
		return { executablePath: DEBIAN_CHROMIUM, args: CHROMIUM_ARGS, env: {}, label: `Debian's ${DEBIAN_CHROMIUM}` };
	}
	return bundledChromium();
}

async function bundledChromium(): Promise<ChromiumToLaunch> {
	const require = createRequire(import.meta.url);
	// …/node_modules/@sparticuz/chromium/build/index.js → the package's folder, and its bin/ beside build/.
	const packageDir = dirname(dirname(require.resolve("@sparticuz/chromium")));
	const { version } = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version: string };
	const fontsDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
	const { default: sparticuz } = await import("@sparticuz/chromium");

	const dir = join(packageDir, "..", "..", ".cache", "stockroom-chromium", version);
	await unpack(join(packageDir, "bin"), dir);
	const fontsConf = join(dir, "fonts.conf");
	await writeAtomically(fontsConf, fontconfig(fontsDir, join(dir, "fontconfig-cache")));

	const kept = sparticuz.args.filter((arg) => SPARTICUZ_ARGS_KEPT.includes(arg.split("=")[0] ?? ""));
	return {
		executablePath: join(dir, "chromium"),
		args: [...CHROMIUM_ARGS, ...kept.filter((arg) => !CHROMIUM_ARGS.includes(arg))],
		env: { FONTCONFIG_FILE: fontsConf },
		label: `@sparticuz/chromium ${version} (${join(dir, "chromium")})`,
	};
}

/**
 * Unpacks the binary (chromium.br) and the SwiftShader libraries it loads from its own folder
 * (swiftshader.tar.br) into `dir`. Test files run in processes of their own, and a test run, the
 * bench or another checkout's run may start at once: each unpacks into a staging folder of its own,
 * renamed to `dir` when complete, so that no process ever sees a half-written binary (one killed in
 * the middle leaves only its staging folder, removed by the next run).
 */
async function unpack(bin: string, dir: string): Promise<void> {
	if (existsSync(join(dir, "chromium"))) return;
	const parent = dirname(dir);
	await mkdir(parent, { recursive: true });
	await removeAbandonedStaging(parent);
	const staging = await mkdtemp(join(parent, `.unpacking-${process.pid}-`));
	await chmod(staging, 0o755);
	try {
		await pipeline(
			createReadStream(join(bin, "chromium.br")),
			createBrotliDecompress(),
			createWriteStream(join(staging, "chromium"), { mode: 0o755 }),
		);
		await untar(await promisify(brotliDecompress)(await readFile(join(bin, "swiftshader.tar.br"))), staging);
		await rename(staging, dir);
	} catch (error) {
		await rm(staging, { recursive: true, force: true });
		// Another process renamed its copy first (a rename onto a non-empty folder fails).
		if (existsSync(join(dir, "chromium"))) return;
		throw error;
	}
}

async function removeAbandonedStaging(parent: string): Promise<void> {
	for (const name of await readdir(parent)) {
		const pid = Number(/^\.unpacking-(\d+)-/.exec(name)?.[1]);
		if (pid && !alive(pid)) await rm(join(parent, name), { recursive: true, force: true });
	}
}

/** Whether a process of this id is running (signal 0 only checks). */
export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}

/** Extracts a tar archive (regular files and folders, as in @sparticuz/chromium's) into `dir`. */
async function untar(archive: Buffer, dir: string): Promise<void> {
	const field = (header: Buffer, start: number, length: number) =>
		header
			.subarray(start, start + length)
			.toString("utf8")
			.replace(/\0.*$/s, "");
	for (let offset = 0; offset + 512 <= archive.length; ) {
		const header = archive.subarray(offset, offset + 512);
		if (header.every((byte) => byte === 0)) break;
		// POSIX ustar splits long names into a prefix; in GNU tar's format ("ustar  ") those bytes are times.
		const prefix = header.subarray(257, 265).toString("latin1") === "ustar\u000000" ? field(header, 345, 155) : "";
		const name = [prefix, field(header, 0, 100)].filter(Boolean).join("/");
		const size = Number.parseInt(field(header, 124, 12).trim() || "0", 8);
		const mode = Number.parseInt(field(header, 100, 8).trim() || "644", 8) & 0o777;
		const type = field(header, 156, 1) || "0";
		const body = archive.subarray(offset + 512, offset + 512 + size);
		offset += 512 + Math.ceil(size / 512) * 512;
		if (type === "x" || type === "g") continue; // pax headers: only metadata
		const path = normalize(name);
		if (isAbsolute(path) || path.startsWith("..")) throw new Error(`unsafe path in archive: ${name}`);
		if (type === "5") await mkdir(join(dir, path), { recursive: true });
		else if (type === "0") {
			await mkdir(dirname(join(dir, path)), { recursive: true });
			await writeFile(join(dir, path), body, { mode });
		} else throw new Error(`unexpected entry type ${type} in archive: ${name}`);
	}
}

/**
 * Only the DejaVu fonts from npm, never the system's: the same rendering on a machine with no fonts
 * at all as on one with many. DejaVu covers every character the UI shows (accents, arrows, ▲▼, ✕, ≤).
 */
function fontconfig(fontsDir: string, cacheDir: string): string {
	const xml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
	const alias = (generic: string, family: string) =>
		`\t<alias binding="same"><family>${generic}</family><prefer><family>${family}</family></prefer></alias>`;
	return [
		'<?xml version="1.0"?>',
		'<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
		"<fontconfig>",
		`\t<dir>${xml(fontsDir)}</dir>`,
		`\t<cachedir>${xml(cacheDir)}</cachedir>`,
		alias("sans-serif", "DejaVu Sans"),
		alias("sans", "DejaVu Sans"),
		alias("system-ui", "DejaVu Sans"),
		alias("serif", "DejaVu Serif"),
		alias("monospace", "DejaVu Sans Mono"),
		alias("mono", "DejaVu Sans Mono"),
		// Any other family (Chromium asks for "" as its UI font): DejaVu Sans, not the first font found.
		'\t<match target="pattern"><edit name="family" mode="append_last"><string>DejaVu Sans</string></edit></match>',
		"</fontconfig>",
		"",
	].join("\n");
}

/** Written whole then renamed, so that a browser starting meanwhile reads the old or the new file. */
async function writeAtomically(path: string, content: string): Promise<void> {
	if (existsSync(path) && (await readFile(path, "utf8")) === content) return;
	const temporary = `${path}.${process.pid}`;
	await writeFile(temporary, content);
	await rename(temporary, path);
}

/**
 * Launching Debian's `/usr/bin/chromium` (or CHROMIUM_PATH) headless through playwright-core, which
 * never downloads a browser of its own. Without vitest hooks, so that bench/grid.mjs launches the
 * same browser the same way (Node strips the types).
 */
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
];

export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

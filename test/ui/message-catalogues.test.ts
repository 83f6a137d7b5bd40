/// <reference types="vite/client" />
/**
 * Every message catalogue of the UI (ui/src/i18n/messages.ts), found by its call to defineMessages:
 * a file of its own that holds nothing else, English and French with the same keys, and each
 * `{placeholder}` of an English message in its French one — else the French would show the braces
 * where the English shows a number or a name.
 */
import { describe, expect, it } from "vitest";
import { type Catalogue, defineMessages } from "../../ui/src/i18n/messages";

// The sources as text, to find the catalogues without loading the pages (Lit elements need a browser).
const sources = import.meta.glob<string>("../../ui/src/**/*.ts", { query: "?raw", import: "default", eager: true });
const modules = import.meta.glob<Record<string, unknown>>("../../ui/src/**/*.ts");
/** The globs' keys are relative to this file; the tests name files from the repository's root. */
const ROOT = "../../";

const catalogueFiles = Object.keys(sources)
	.map((path) => path.slice(ROOT.length))
	.filter((file) => file !== "ui/src/i18n/messages.ts" && /\bdefineMessages\(/.test(sources[ROOT + file] ?? ""))
	.sort();

/** The same placeholders as ui/src/i18n/messages.ts fills. */
function placeholders(text: string): string[] {
	return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? "");
}

/** "key: {name}" for each English placeholder its French message lacks. */
function missingPlaceholders({ en, fr }: Catalogue<string>): string[] {
	return Object.entries(en).flatMap(([key, english]) => {
		const french = placeholders(fr[key] ?? "");
		return placeholders(english)
			.filter((name) => !french.includes(name))
			.map((name) => `${key}: {${name}}`);
	});
}

function isCatalogued(value: unknown): value is { catalogue: Catalogue<string> } {
	return typeof value === "function" && "catalogue" in value;
}

async function cataloguesOf(file: string): Promise<[string, Catalogue<string>][]> {
	const load = modules[ROOT + file];
	if (!load) throw new Error(`${file} is not loadable`);
	const exported = await load();
	return Object.entries(exported).flatMap(([name, value]) =>
		isCatalogued(value) ? [[name, value.catalogue] as [string, Catalogue<string>]] : [],
	);
}

describe("the message catalogues", () => {
	it("are found: one file per page or component, and the shared ones", () => {
		// Far fewer would mean the search above no longer sees them.
		expect(catalogueFiles.length).toBeGreaterThanOrEqual(20);
		expect(catalogueFiles).toContain("ui/src/app/pages/product-page.messages.ts");
	});

	it.each(catalogueFiles)("%s imports nothing but defineMessages: a catalogue of its own, loadable on Node", (file) => {
		const imports = (sources[ROOT + file] ?? "").match(/^import\b.*$/gm) ?? [];
		expect(imports).toHaveLength(1);
		expect(imports[0]).toMatch(/^import \{ defineMessages \} from "(\.\.?\/)+(i18n\/)?messages";$/);
	});

	it.each(catalogueFiles)("%s: French has every English key and no other", async (file) => {
		const catalogues = await cataloguesOf(file);
		expect(catalogues.length).toBeGreaterThan(0);
		for (const [name, { en, fr }] of catalogues) {
			expect(Object.keys(fr).sort(), name).toEqual(Object.keys(en).sort());
		}
	});

	it.each(catalogueFiles)("%s: French has every placeholder of the English", async (file) => {
		for (const [name, catalogue] of await cataloguesOf(file)) expect(missingPlaceholders(catalogue), name).toEqual([]);
	});

	it("would see a French message that drops or renames a placeholder", () => {
		const { catalogue } = defineMessages({
			en: { saved: "Saved {count} rows at {location}.", same: "{n} of {total}" },
			fr: { saved: "{nombre} lignes enregistrées.", same: "{total} : {n}" },
		});
		expect(missingPlaceholders(catalogue)).toEqual(["saved: {count}", "saved: {location}"]);
	});
});

/**
 * French punctuation (ui/src/i18n/messages.ts): every catalogue's French says : ; ! ? and « »
 * with a no-break space, so that a sign never starts a line alone; English and the values filled
 * in are left as they are.
 */
import { describe, expect, it } from "vitest";
import { defineMessages } from "../../ui/src/i18n/messages";

const t = defineMessages({
	en: { saved: "Saved: {what}!", quoted: "Column “{column}” is missing?" },
	fr: { saved: "Enregistré : {what} !", quoted: "La colonne « {column} » manque ; vraiment ?" },
});

describe("French typographic spacing", () => {
	it("puts a no-break space before : ; ! ? » and after «, in French only", () => {
		expect(t("saved", { what: "A :B" }, "fr")).toBe("Enregistré\u00a0: A :B\u00a0!");
		expect(t("quoted", { column: "sku" }, "fr")).toBe("La colonne «\u00a0sku\u00a0» manque\u00a0; vraiment\u00a0?");
		expect(t("saved", { what: "A :B" }, "en")).toBe("Saved: A :B!");
	});

	it("leaves the catalogue as written, for the checks that read it", () => {
		expect(t.catalogue.fr.saved).toBe("Enregistré : {what} !");
	});
});

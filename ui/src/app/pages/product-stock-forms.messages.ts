/** The texts of a product's adjustment and transfer forms and their lot or serial rows (product-stock-forms.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const productStockFormsMessages = defineMessages({
	en: {
		location: "Location",
		adjustHelp: "Adds to or removes from on hand, e.g. −2 for damaged goods.",
		quantity: "Quantity",
		reason: "Reason (optional)",
		adjustSubmit: "Adjust",
		adjusted: "Saved: on hand at {location} is now {onHand}.",
		from: "From",
		to: "To",
		transferSubmit: "Transfer",
		transferred: "Saved: {quantity} moved from {from} to {to}.",
		notNumber: "Enter a number, e.g. 12.5 (at most 4 decimals).",
		notZero: "Enter a quantity other than zero.",
		notPositive: "Enter a quantity above zero.",
		sameLocation: "Choose two different locations.",
		saving: "Saving…",
		noLocations: "This company has no active location yet: create one under Locations.",
		lots: "Lots",
		serials: "Serial numbers",
		adjustSerialsHelp:
			"The serial numbers this adjustment receives (adding) or takes out (removing), one unit each. Units without one stay unassigned when adding, and are taken oldest first when removing. A serial still in stock cannot be received again; one that left may come back.",
		transferSerialsHelp: "The serial numbers that move, one unit each. Units without one are taken oldest first.",
		adjustLotsHelp:
			"The lots this adjustment puts stock into (adding) or takes it out of (removing), quantities without sign. What they do not cover stays unassigned when adding, and is taken first-expiry-first-out when removing. A known lot keeps its expiry.",
		transferLotsHelp:
			"The lots that move, quantities without sign. What they do not cover is taken first-expiry-first-out.",
		expires: "expires {date}",
	},
	fr: {
		location: "Emplacement",
		adjustHelp: "Ajoute à la quantité en stock ou en retire, par ex. −2 pour de la marchandise abîmée.",
		quantity: "Quantité",
		reason: "Motif (facultatif)",
		adjustSubmit: "Ajuster",
		adjusted: "Enregistré : la quantité en stock à {location} est maintenant de {onHand}.",
		from: "De",
		to: "Vers",
		transferSubmit: "Transférer",
		transferred: "Enregistré : déplacement de {quantity} de {from} vers {to}.",
		notNumber: "Saisissez un nombre, par ex. 12,5 (4 décimales au plus).",
		notZero: "Saisissez une quantité différente de zéro.",
		notPositive: "Saisissez une quantité supérieure à zéro.",
		sameLocation: "Choisissez deux emplacements différents.",
		saving: "Enregistrement…",
		noLocations: "Cette entreprise n’a encore aucun emplacement actif : créez-en un dans Emplacements.",
		lots: "Lots",
		serials: "Numéros de série",
		adjustSerialsHelp:
			"Les numéros de série que cet ajustement reçoit (ajout) ou sort (retrait), une unité chacun. Les unités sans numéro restent non affectées à l’ajout, et sont prises des plus anciennes au retrait. Un numéro encore en stock ne peut pas être reçu à nouveau ; un numéro sorti peut revenir.",
		transferSerialsHelp:
			"Les numéros de série qui sont déplacés, une unité chacun. Les unités sans numéro sont prises des plus anciennes.",
		adjustLotsHelp:
			"Les lots où cet ajustement met du stock (ajout) ou d’où il en retire (retrait), quantités sans signe. Ce qu’ils ne couvrent pas reste non affecté à l’ajout, et est pris au premier expiré, premier sorti au retrait. Un lot connu garde sa date de péremption.",
		transferLotsHelp:
			"Les lots qui sont déplacés, quantités sans signe. Ce qu’ils ne couvrent pas est pris au premier expiré, premier sorti.",
		expires: "périme le {date}",
	},
});

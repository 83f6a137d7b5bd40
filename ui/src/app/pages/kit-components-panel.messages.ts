/** The texts of a kit's components on its page (kit-components-panel.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const kitComponentsPanelMessages = defineMessages({
	en: {
		title: "Components",
		help: "Each kit sold takes these components. The kits available at a location are the whole kits its scarcest component allows.",
		sku: "SKU",
		name: "Name",
		perKit: "Per kit",
		availableAt: "Available at {location}",
		kitsAllowed: "Kits they allow",
		loading: "Loading the components…",
		loadFailed: "The components could not be loaded: {reason}",
		none: "This kit lists no components, so it allows none: QuickBooks has not said what it is made of.",
	},
	fr: {
		title: "Composants",
		help: "Chaque kit vendu prend ces composants. Les kits disponibles à un emplacement sont les kits entiers que permet son composant le plus rare.",
		sku: "Réf.",
		name: "Nom",
		perKit: "Par kit",
		availableAt: "Disponible à {location}",
		kitsAllowed: "Kits possibles",
		loading: "Chargement des composants…",
		loadFailed: "Les composants n’ont pas pu être chargés : {reason}",
		none: "Ce kit ne liste aucun composant, il n’en permet donc aucun : QuickBooks n’a pas dit de quoi il est fait.",
	},
});

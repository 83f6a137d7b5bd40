/** The texts of the "go below zero anyway?" confirmation of the stock and delivery forms (below-zero-confirm.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const belowZeroConfirmMessages = defineMessages({
	en: {
		confirm: "Go below zero anyway?",
		confirmHelp: "Tick it and send again to record the move all the same: available will show below zero.",
		notAllowed: "Your company does not allow stock below zero (Settings): change the quantity or the location.",
	},
	fr: {
		confirm: "Passer sous zéro quand même ?",
		confirmHelp:
			"Cochez et envoyez à nouveau pour enregistrer le mouvement malgré tout : le disponible passera sous zéro.",
		notAllowed:
			"Votre entreprise n’autorise pas le stock sous zéro (Paramètres) : changez la quantité ou l’emplacement.",
	},
});

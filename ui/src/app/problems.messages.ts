/**
 * What the pages say when the API refuses a request or cannot be reached (problems.ts), in English
 * and French: one sentence per common problem code, built from its fields.
 */
import { defineMessages } from "../i18n/messages";

export const problemMessages = defineMessages({
	en: {
		unreachable: "Stockroom can’t be reached. Check your connection.",
		retry: "Retry",
		validation_failed: "Some values are not accepted. Check: {fields}.",
		validation_failed_plain: "Some values are not accepted. Check the form and try again.",
		version_conflict: "Someone changed this meanwhile. Reload it and try again.",
		not_found: "This no longer exists, or was never here.",
		forbidden: "Your role does not allow this.",
		quantity_out_of_bounds:
			"Refused: a quantity would go beyond what Stockroom can record ({fields}). Nothing was changed.",
		not_stock_tracked:
			"This product holds no stock of its own: only inventory products can be adjusted, counted or moved.",
		would_go_negative: "Refused: this would take the available stock below zero. Nothing was changed.",
		would_go_negative_at: "Refused: {location} would be {shortfall} short. Nothing was changed.",
	},
	fr: {
		unreachable: "Impossible de joindre Stockroom. Vérifiez votre connexion.",
		retry: "Réessayer",
		validation_failed: "Certaines valeurs ne sont pas acceptées. Vérifiez : {fields}.",
		validation_failed_plain: "Certaines valeurs ne sont pas acceptées. Vérifiez le formulaire et réessayez.",
		version_conflict: "Quelqu’un a modifié ceci entre-temps. Rechargez et réessayez.",
		not_found: "Ceci n’existe plus, ou n’a jamais existé.",
		forbidden: "Votre rôle ne permet pas cette action.",
		quantity_out_of_bounds:
			"Refusé : une quantité dépasserait ce que Stockroom peut enregistrer ({fields}). Rien n’a été modifié.",
		not_stock_tracked:
			"Ce produit n’a pas de stock propre : seuls les produits stockés peuvent être ajustés, comptés ou déplacés.",
		would_go_negative: "Refusé : le stock disponible passerait sous zéro. Rien n’a été modifié.",
		would_go_negative_at: "Refusé : il manquerait {shortfall} à {location}. Rien n’a été modifié.",
	},
});

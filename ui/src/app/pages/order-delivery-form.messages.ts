/** The texts of an order's "new delivery note" form (order-delivery-form.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const orderDeliveryFormMessages = defineMessages({
	en: {
		location: "Location",
		product: "Product",
		remaining: "To deliver",
		shortfall: "Short",
		kit: "Kit: {name} × {quantity}",
		deliveryHelp: "Each quantity starts at what remains to deliver; change it, or put 0 to leave a line for later.",
		quantity: "Quantity to deliver",
		quantityOf: "Quantity of {product} to deliver",
		note: "Note for the driver (optional)",
		createDelivery: "Create delivery note",
		saving: "Saving…",
		nothingLeft: "Everything ordered has been delivered.",
		cancelledOrder: "This order is cancelled: nothing more can be delivered.",
		nothingToDeliver: "Enter a quantity above zero on at least one line.",
		notNumber: "Enter a number, e.g. 2 or 1.5 (at most 4 decimals).",
		negative: "Enter 0 or more.",
		aboveRemaining: "At most {remaining} remain to deliver.",
	},
	fr: {
		location: "Emplacement",
		product: "Produit",
		remaining: "À livrer",
		shortfall: "Manquant",
		kit: "Kit : {name} × {quantity}",
		deliveryHelp:
			"Chaque quantité reprend ce qui reste à livrer ; modifiez-la, ou mettez 0 pour garder une ligne pour plus tard.",
		quantity: "Quantité à livrer",
		quantityOf: "Quantité de {product} à livrer",
		note: "Note pour le livreur (facultatif)",
		createDelivery: "Créer le bon de livraison",
		saving: "Enregistrement…",
		nothingLeft: "Tout ce qui a été commandé est livré.",
		cancelledOrder: "Cette commande est annulée : plus rien ne peut être livré.",
		nothingToDeliver: "Saisissez une quantité supérieure à zéro sur au moins une ligne.",
		notNumber: "Saisissez un nombre, par ex. 2 ou 1,5 (4 décimales au plus).",
		negative: "Saisissez 0 ou plus.",
		aboveRemaining: "Il reste au plus {remaining} à livrer.",
	},
});

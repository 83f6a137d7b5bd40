/** The texts of a purchase's Receive form (purchase-receive-form.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const purchaseReceiveFormMessages = defineMessages({
	en: {
		receive: "Receive",
		receiveHelp: "Enter what arrived on each line (prefilled with what is open; 0 skips a line).",
		receiveQuantity: "Quantity received of {product}",
		receiving: "Receiving…",
		receivedNotice: "{number} recorded: {count} lines received.",
		alreadyReceived: "This receipt was recorded already; the page now shows it.",
		nothingToReceive: "Enter a quantity above zero on at least one line.",
		notNumber: "Enter a number, e.g. 12.5 (at most 4 decimals).",
		negative: "Enter zero or more.",
		fixErrors: "Some lines need fixing; see the messages under them.",
		createBill: "Create the bill in QuickBooks",
		createBillHelp: "Unticked, no bill is made; the received quantity is pushed to QuickBooks when stock sync is on.",
		billRefused: "No bill can be made in QuickBooks for this receipt; untick the box to receive without one.",
		lotsOf: "Lots of {sku}",
		serialsOf: "Serial numbers of {sku}",
		serialsHelp:
			"The serial numbers of the units received on this line; a serial still in stock somewhere is refused. Units without one stay unassigned.",
		lotsHelp:
			"The lots this line's quantity goes into, with their expiry; a known lot keeps its own. What they do not cover stays unassigned.",
		lotExpires: "known lot, expires {date}",
		lotKnown: "known lot",
		allInLots: "All {total} go into these lots.",
		partlyInLots: "{inLots} into these lots; {rest} stays unassigned.",
		lotsOver: "The lots add up to more than the quantity received.",
		unitCost: "Unit cost",
		unitCostIn: "Unit cost ({currency})",
		receivedValue: "Value received",
		receiptValue: "Value of this receipt",
	},
	fr: {
		receive: "Recevoir",
		receiveHelp: "Saisissez ce qui est arrivé sur chaque ligne (prérempli avec le restant ; 0 ignore la ligne).",
		receiveQuantity: "Quantité reçue de {product}",
		receiving: "Réception…",
		receivedNotice: "{number} enregistrée : {count} lignes reçues.",
		alreadyReceived: "Cette réception était déjà enregistrée ; la page l’affiche maintenant.",
		nothingToReceive: "Saisissez une quantité supérieure à zéro sur au moins une ligne.",
		notNumber: "Saisissez un nombre, par ex. 12,5 (4 décimales au plus).",
		negative: "Saisissez zéro ou plus.",
		fixErrors: "Certaines lignes sont à corriger ; voyez les messages en dessous.",
		createBill: "Créer la facture fournisseur dans QuickBooks",
		createBillHelp:
			"Décochée, aucune facture n’est créée ; la quantité reçue est envoyée à QuickBooks si la synchronisation du stock est active.",
		billRefused:
			"Aucune facture ne peut être créée dans QuickBooks pour cette réception ; décochez la case pour recevoir sans.",
		lotsOf: "Lots de {sku}",
		serialsOf: "Numéros de série de {sku}",
		serialsHelp:
			"Les numéros de série des unités reçues sur cette ligne ; un numéro encore en stock quelque part est refusé. Les unités sans numéro restent non affectées.",
		lotsHelp:
			"Les lots où va la quantité de cette ligne, avec leur péremption ; un lot connu garde la sienne. Ce qu’ils ne couvrent pas reste non affecté.",
		lotExpires: "lot connu, périme le {date}",
		lotKnown: "lot connu",
		allInLots: "Les {total} vont dans ces lots.",
		partlyInLots: "{inLots} dans ces lots ; {rest} reste non affecté.",
		lotsOver: "Les lots dépassent la quantité reçue.",
		unitCost: "Coût unitaire",
		unitCostIn: "Coût unitaire ({currency})",
		receivedValue: "Valeur reçue",
		receiptValue: "Valeur de cette réception",
	},
});

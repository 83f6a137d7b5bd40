/** The texts of the serial numbers' pattern (serial-pattern-field.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const serialPatternFieldMessages = defineMessages({
	en: {
		title: "Generate from a pattern",
		prefix: "Prefix",
		start: "First number",
		count: "How many",
		generate: "Generate",
		help: "The first number's zeros are kept: “SN-”, 0001 and 10 make SN-0001 to SN-0010.",
		example: "e.g. {first} … {last}",
		startNotNumber: "Enter the first number in digits, e.g. 0001.",
		countNotNumber: "Enter how many, a whole number from 1.",
		countTooLarge: "At most {max} at once.",
		serialTooLong: "A serial number has at most 64 characters: shorten the prefix.",
	},
	fr: {
		title: "Générer d’après un modèle",
		prefix: "Préfixe",
		start: "Premier numéro",
		count: "Combien",
		generate: "Générer",
		help: "Les zéros du premier numéro sont gardés : « SN- », 0001 et 10 donnent SN-0001 à SN-0010.",
		example: "par ex. {first} … {last}",
		startNotNumber: "Saisissez le premier numéro en chiffres, par ex. 0001.",
		countNotNumber: "Saisissez combien, un nombre entier à partir de 1.",
		countTooLarge: "{max} au plus à la fois.",
		serialTooLong: "Un numéro de série a 64 caractères au plus : raccourcissez le préfixe.",
	},
});

/** The texts of the sign-in page (sign-in-page.ts), in English and French. */
import { defineMessages } from "../../i18n/messages";

export const signInPageMessages = defineMessages({
	en: {
		title: "Sign in to Stockroom",
		lead: "Stock per location for your QuickBooks Online company: on hand, reserved and available, with every movement.",
		signIn: "Sign in with Intuit",
		hint: "Use the Intuit account of your QuickBooks company. The person who connects QuickBooks becomes the owner.",
		failed: "Sign-in did not succeed: {reason}",
		access_denied: "you declined the request at Intuit.",
		expired: "the sign-in took too long; try again.",
		wrong_browser: "it was finished in another browser than the one it started in; start again here.",
		email_not_verified: "your Intuit account’s email address is not verified yet.",
		realm_not_confirmed:
			"Intuit did not confirm a QuickBooks company for you; sign in again and allow access to your company.",
		invalid_request: "Intuit’s answer was incomplete; try again.",
		intuit_refused: "Intuit refused the sign-in; try again.",
		invalid_id_token: "Intuit’s proof of who you are could not be checked; try again.",
		userinfo_failed: "Intuit did not tell us who you are; try again.",
		language: "Language",
	},
	fr: {
		title: "Se connecter à Stockroom",
		lead: "Le stock par emplacement de votre entreprise QuickBooks Online : réel, réservé et disponible, avec chaque mouvement.",
		signIn: "Se connecter avec Intuit",
		hint: "Utilisez le compte Intuit de votre entreprise QuickBooks. La personne qui connecte QuickBooks en devient le propriétaire.",
		failed: "La connexion a échoué : {reason}",
		access_denied: "vous avez refusé la demande chez Intuit.",
		expired: "la connexion a pris trop de temps ; réessayez.",
		wrong_browser: "elle s’est terminée dans un autre navigateur que celui où elle a commencé ; recommencez ici.",
		email_not_verified: "l’adresse e-mail de votre compte Intuit n’est pas encore vérifiée.",
		realm_not_confirmed:
			"Intuit n’a confirmé aucune entreprise QuickBooks pour vous ; reconnectez-vous en autorisant l’accès à votre entreprise.",
		invalid_request: "la réponse d’Intuit était incomplète ; réessayez.",
		intuit_refused: "Intuit a refusé la connexion ; réessayez.",
		invalid_id_token: "la preuve d’identité d’Intuit n’a pas pu être vérifiée ; réessayez.",
		userinfo_failed: "Intuit ne nous a pas dit qui vous êtes ; réessayez.",
		language: "Langue",
	},
});

/** The Worker's entry: the HTTP app and the Durable Object classes. */
import { app } from "./app";
import { catchUpAllCompanies } from "./sync/scheduled-catch-up";

export { CompanyLive } from "./live/company-live";
export { ProductStock } from "./stock/product-stock";
export { CompanySync } from "./sync/company-sync";

export default {
	fetch: app.fetch,
	/** The cron (wrangler.toml `triggers`): CDC catch-up of every connected company. */
	scheduled: (_controller, env, ctx) => {
		ctx.waitUntil(catchUpAllCompanies(env));
	},
} satisfies ExportedHandler<Env>;

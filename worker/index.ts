/** The Worker's entry: the HTTP app and the Durable Object classes. */
import { app } from "./app";

export { ProductStock } from "./stock/product-stock";
export { CompanySync } from "./sync/company-sync";

export default {
	fetch: app.fetch,
} satisfies ExportedHandler<Env>;

/**
 * The cron's work: a CDC catch-up for every connected company, each in its own sync object, the
 * repairs of what a crash left half-done, and once a day a drift check per company.
 */
import { repairPendingBuilds } from "../assemblies/build-repair";
import { database } from "../db/client";
import { sweepPendingPurchaseDocuments } from "../purchasing/qbo-purchase-sweep";
import { repairUnansweredReceipts } from "../purchasing/receipt-repair";
import { connectedRealms } from "../qbo/qbo-connection";
import { repairUnappliedOrders } from "../sales/order-repair";
import { catchUpCompany } from "./company-sync-client";
import { forwardMergedStock } from "./item-merge";
import { scheduleDailyDriftChecks } from "./qbo-drift-requests";
import { sweepPendingStockPushes } from "./stock-push-sweep";

export async function catchUpAllCompanies(env: Env): Promise<void> {
	// Builds left pending by a crash are completed on every tick, whether the company uses QBO or not.
	const buildRepair = repairPendingBuilds(env).catch((error) => console.error("build repair failed", error));
	// Orders whose last change did not reach every product object (a crash after the D1 batch).
	const orderRepair = repairUnappliedOrders(env).catch((error) => console.error("order repair failed", error));
	// Purchase orders and bills left pending in D1 by a crash before their hand-off to the sync object.
	const purchaseSweep = sweepPendingPurchaseDocuments(env).catch((error) =>
		console.error("purchase document sweep failed", error),
	);
	// Receipts recorded in D1 whose stock never moved (a crash before the product objects) and no one retried.
	const receiptRepair = repairUnansweredReceipts(env).catch((error) => console.error("receipt repair failed", error));
	// Stock that reached an item merged away in QuickBooks, forwarded to the survivor.
	const mergeForward = forwardMergedStock(env).catch((error) => console.error("merged stock forward failed", error));
	// Pushes to QuickBooks a crash left owed after a user's adjustment or count.
	const pushSweep = sweepPendingStockPushes(env).catch((error) => console.error("stock push sweep failed", error));
	// QuickBooks' quantities compared with ours, for each company whose last check is a day old.
	const driftChecks = scheduleDailyDriftChecks(env).catch((error) => console.error("drift checks failed", error));
	const realms = await connectedRealms(database(env.DB));
	// One company's failure must not stop the others; each is tried again at the next tick anyway.
	const results = await Promise.allSettled(realms.map(({ realmId }) => catchUpCompany(env, realmId)));
	for (const [i, result] of results.entries())
		if (result.status === "rejected") console.error(`catch-up of realm ${realms[i]?.realmId} failed`, result.reason);
	await Promise.all([buildRepair, orderRepair, purchaseSweep, receiptRepair, driftChecks, pushSweep, mergeForward]);
}

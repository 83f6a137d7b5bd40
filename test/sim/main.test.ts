import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
	if (child && child.exitCode === null) child.kill("SIGKILL");
});

function waitForOutput(proc: ChildProcess, pattern: RegExp, timeoutMs = 15_000): Promise<RegExpExecArray> {
	return new Promise((resolve, reject) => {
		let output = "";
		const timer = setTimeout(() => reject(new Error(`no ${pattern} in: ${output}`)), timeoutMs);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = pattern.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match);
			}
		};
		proc.stdout?.on("data", onData);
		proc.stderr?.on("data", onData);
		proc.once("exit", (code) => reject(new Error(`exited ${code}: ${output}`)));
	});
}

describe("node sim/main.ts", () => {
	it("runs under Node's type stripping, serves the demo company and stops on SIGTERM", async () => {
		child = spawn(`${root}node_modules/.bin/node`, ["sim/main.ts"], {
			cwd: root,
			env: { ...process.env, SIM_PORT: "0" },
			stdio: ["ignore", "pipe", "pipe"],
		});
		const [, origin, realmId] = await waitForOutput(
			child,
			/QBO simulator at (http:\/\/localhost:\d+)[\s\S]*realmId (\d+)/,
		);
		const url = (origin ?? "").replace("localhost", "127.0.0.1");
		const company = (await (await fetch(`${url}/admin/companies/${realmId}`)).json()) as {
			counts: Record<string, number>;
		};
		expect(company.counts).toMatchObject({ Department: 2, Customer: 5, Vendor: 3 });
		expect(company.counts.Item).toBe(36 + 3);
		const tokens = (await (await fetch(`${url}/admin/companies/${realmId}/tokens`, { method: "POST" })).json()) as {
			access_token: string;
		};
		const departments = await fetch(
			`${url}/v3/company/${realmId}/query?query=${encodeURIComponent("select * from Department")}`,
			{ headers: { authorization: `Bearer ${tokens.access_token}`, accept: "application/json" } },
		);
		const body = (await departments.json()) as { QueryResponse: { Department: { Name: string }[] } };
		expect(body.QueryResponse.Department.map((d) => d.Name)).toEqual(["Warehouse", "Shop"]);
		const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
		child.kill("SIGTERM");
		expect(await exited).toBe(0);
	});

	it("keeps its companies in SIM_STATE_FILE across a restart: documents stay, Ids go on", async () => {
		const dir = mkdtempSync(join(tmpdir(), "sim-main-"));
		const start = async () => {
			child = spawn(`${root}node_modules/.bin/node`, ["sim/main.ts"], {
				cwd: root,
				env: { ...process.env, SIM_PORT: "0", SIM_DEMO_ITEMS: "1", SIM_STATE_FILE: join(dir, "sim.json") },
				stdio: ["ignore", "pipe", "pipe"],
			});
			const [, origin, realmId, how] = await waitForOutput(
				child,
				/at (http:\S+)[\s\S]*realmId (\d+)[\s\S]*state (\w+)/,
			);
			const url = (origin ?? "").replace("localhost", "127.0.0.1");
			const tokens = (await (await fetch(`${url}/admin/companies/${realmId}/tokens`, { method: "POST" })).json()) as {
				access_token: string;
			};
			const invoice = async () => {
				const answer = await fetch(`${url}/v3/company/${realmId}/invoice`, {
					method: "POST",
					headers: { authorization: `Bearer ${tokens.access_token}`, "content-type": "application/json" },
					body: JSON.stringify({
						CustomerRef: { value: "1" },
						Line: [{ DetailType: "SalesItemLineDetail", SalesItemLineDetail: { ItemRef: { value: "1" }, Qty: 1 } }],
					}),
				});
				return ((await answer.json()) as { Invoice: { Id: string } }).Invoice.Id;
			};
			const stop = () => {
				const exited = new Promise((resolve) => child?.once("exit", resolve));
				child?.kill("SIGTERM");
				return exited;
			};
			return { how, realmId, invoice, stop };
		};
		try {
			const first = await start();
			expect([first.how, await first.invoice()]).toEqual(["kept", "1"]);
			await first.stop();
			const second = await start();
			expect([second.how, second.realmId, await second.invoice()]).toEqual(["loaded", first.realmId, "2"]);
			await second.stop();
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

/**
 * `npm run --silent dev:token`: prints an owner token of the demo company, and nothing else on
 * stdout, so that `TOKEN=$(npm run --silent dev:token)` works. Needs the app started by `npm start`.
 */
const origin = `http://localhost:${process.env.PORT ?? 8787}`;

function fail(message) {
	console.error(`dev:token: ${message}`);
	process.exit(1);
}

let response;
try {
	response = await fetch(`${origin}/dev/token`, { method: "POST" });
} catch {
	fail(`nothing answers at ${origin}; start the app with npm start first.`);
}
// The route exists only in development: a 404 means some other server, or a production build.
if (response.status === 404)
	fail(`${origin} has no development routes; start the app with npm start (it sets ENVIRONMENT=development).`);
if (!response.ok) fail(`${origin}/dev/token answered ${response.status}: ${await response.text()}`);

process.stdout.write(`${(await response.text()).trim()}\n`);

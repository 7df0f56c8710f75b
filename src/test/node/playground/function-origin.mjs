// The key-theft attack of a public function, in a real Chromium: a tab where a tenant's key was
// typed into the playground follows a link to another tenant's function page; the page tries to
// read the key from sessionStorage and its cookies, and to register a service worker over the
// whole origin. Then the same page on the API's port, then a fresh tab on the playground. Run by
// FunctionOriginBrowserTest:
//
//   node function-origin.mjs <apiBase> <functionUrl> <apiPortFunctionUrl> <apiKey>
//
// Prints a JSON summary of what the page could do and exits 0; exits 1 when the browser fails.
import { chromium } from "playwright-core";

const [apiBase, functionUrl, apiPortFunctionUrl, apiKey] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const REPORT_WAIT_MS = 10_000;

let browser;
try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const reports = [];
  page.on("console", (m) => {
    if (m.text().startsWith("EVIL ")) {
      reports.push(JSON.parse(m.text().substring(5)));
    }
  });

  await page.goto(new URL("/", apiBase).href, { waitUntil: "load", timeout: 30_000 });
  await page.fill("#api-key", apiKey);
  await page.waitForFunction((k) => sessionStorage.getItem("sandgate.apiKey") === k, apiKey, { timeout: 10_000 });

  // The link, followed in the same tab: sessionStorage is the tab's, per origin.
  await page.goto(functionUrl, { waitUntil: "load", timeout: 30_000 });
  const deadline = Date.now() + REPORT_WAIT_MS;
  while (reports.length === 0 && Date.now() < deadline) {
    await page.waitForTimeout(100);
  }
  const onFunctionsOrigin = reports.shift() || null;

  // The same page through /fn/ on the API's port: a download, never a document whose script runs.
  let apiPortNavigation;
  const download = page.waitForEvent("download", { timeout: 10_000 }).then(() => true).catch(() => false);
  try {
    await page.goto(apiPortFunctionUrl, { waitUntil: "load", timeout: 10_000 });
    apiPortNavigation = "rendered";
  } catch (e) {
    apiPortNavigation = String(e.message).split("\n")[0];
  }
  const downloaded = await download;
  await page.waitForTimeout(1_000);
  const onApiPort = reports.shift() || null;

  // A fresh tab on the playground: still the playground, no worker of anyone's.
  const fresh = await context.newPage();
  await fresh.goto(new URL("/", apiBase).href, { waitUntil: "load", timeout: 30_000 });
  const playgroundTitle = await fresh.title();
  const registrations = await fresh.evaluate(async () =>
    navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0);
  const keyStillThere = await page.evaluate(() => location.href);

  await browser.close();
  console.log(JSON.stringify({ onFunctionsOrigin, apiPortNavigation, downloaded, onApiPort, playgroundTitle,
    registrations, lastUrl: keyStillThere }));
  process.exit(0);
} catch (e) {
  console.log(`FAILED: ${e && e.stack || e}`);
  if (browser) {
    await browser.close().catch(() => {});
  }
  process.exit(1);
}

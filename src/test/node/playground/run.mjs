// The playground page (GET /) in a real Chromium: a key, the python3-data runtime, a program that
// prints and draws a matplotlib chart, Run; then the text in #stdout and the chart decoded as an
// image inside #outputs. Run by PlaygroundBrowserTest:
//
//   node run.mjs <baseUrl> <apiKey> <screenshotPath>
//
// Prints a JSON summary on success and exits 0; prints the reason (and the page's #error) and
// exits 1 otherwise.
import { chromium } from "playwright-core";

const [baseUrl, apiKey, screenshotPath] = process.argv.slice(2);
if (!baseUrl || !apiKey || !screenshotPath) {
  console.error("usage: node run.mjs <baseUrl> <apiKey> <screenshotPath>");
  process.exit(2);
}

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TEXT = "hello from the playground";
const PROGRAM = [
  "import matplotlib.pyplot as plt",
  `print("${TEXT}")`,
  "plt.plot([1, 2, 3], [1, 4, 9])",
  "plt.show()",
  "",
].join("\n");
const RUN_TIMEOUT_MS = 60_000;

let browser;
let page;
const pageErrors = [];

async function errorText() {
  try {
    return (await page.locator("#error").innerText({ timeout: 1000 })).trim().replace(/\s*\n+\s*/g, " — ");
  } catch {
    return "";
  }
}

async function fail(reason) {
  const error = page ? await errorText() : "";
  if (page) {
    try {
      await page.screenshot({ path: screenshotPath, fullPage: true });
    } catch {
      // the screenshot is only a help here
    }
  }
  console.log(`FAILED: ${reason}`);
  console.log(`#error: ${error || "(empty)"}`);
  if (pageErrors.length) {
    console.log(`page errors: ${pageErrors.join(" | ")}`);
  }
  if (browser) {
    await browser.close().catch(() => {});
  }
  process.exit(1);
}

try {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(String(e && e.message || e)));

  const response = await page.goto(new URL("/", baseUrl).href, { waitUntil: "load", timeout: 30_000 });
  if (!response || response.status() !== 200) {
    await fail(`GET / answered ${response ? response.status() : "nothing"}`);
  }
  const title = await page.title();
  if (title !== "Sandgate playground") {
    await fail(`the page's title is '${title}'`);
  }

  await page.fill("#api-key", apiKey);
  // The key brings the gateway's own list of runtimes (GET /v1/runtimes) in place of the defaults.
  await page.waitForSelector('#runtime[data-source="server"]', { state: "attached", timeout: 15_000 })
      .catch(() => fail("the runtimes were not listed with the key"));
  const listed = await page.$$eval("#runtime option", (options) => options.map((o) => o.value));
  if (!listed.includes("python3-data")) {
    await fail(`the gateway lists no python3-data runtime (only ${listed.join(", ")})`);
  }
  await page.selectOption("#runtime", "python3-data");
  await page.fill("#code", PROGRAM);
  await page.click("#run");

  // Done once #stdout has the text and an <img> in #outputs really decoded; an #error ends it early.
  const outcome = await page.waitForFunction((text) => {
    const error = document.getElementById("error");
    if (error && !error.hidden && error.textContent.trim()) {
      return { error: error.innerText.trim() };
    }
    const stdout = document.getElementById("stdout").textContent;
    const images = Array.from(document.querySelectorAll("#outputs img"));
    const decoded = images.filter((img) => img.complete && img.naturalWidth > 0);
    if (stdout.includes(text) && decoded.length > 0) {
      return { ok: true };
    }
    return false;
  }, TEXT, { timeout: RUN_TIMEOUT_MS, polling: 250 })
      .then((handle) => handle.jsonValue())
      .catch((e) => ({ error: `no result within ${RUN_TIMEOUT_MS} ms (${e.message.split("\n")[0]})` }));
  if (!outcome.ok) {
    await fail(outcome.error);
  }

  const storage = await page.evaluate((key) => ({
    session: sessionStorage.getItem("sandgate.apiKey") === key,
    local: Object.keys(localStorage).some((k) => localStorage.getItem(k).includes(key)),
    cookie: document.cookie.includes(key),
  }), apiKey);
  if (!storage.session) {
    await fail("the key is not in sessionStorage");
  }
  if (storage.local || storage.cookie) {
    await fail("the key was stored in localStorage or a cookie");
  }

  const summary = await page.evaluate(() => {
    const images = Array.from(document.querySelectorAll("#outputs img")).filter((img) => img.naturalWidth > 0);
    const exit = document.getElementById("exit-code").textContent.trim();
    return {
      stdout: document.getElementById("stdout").textContent,
      stderr: document.getElementById("stderr").textContent,
      images: images.length,
      imageWidth: images.length ? images[0].naturalWidth : 0,
      imageHeight: images.length ? images[0].naturalHeight : 0,
      imageAlt: images.length ? images[0].alt : null,
      exitCode: /^-?\d+$/.test(exit) ? Number(exit) : null,
      duration: document.getElementById("duration").textContent.trim(),
      runtime: document.getElementById("result-runtime").textContent.trim(),
      downloads: document.querySelectorAll("#outputs a[download]").length,
    };
  });
  summary.sessionStorageHasKey = storage.session;
  summary.localStorageHasKey = storage.local;
  summary.pageErrors = pageErrors;

  await page.screenshot({ path: screenshotPath, fullPage: true });
  await browser.close();
  console.log(JSON.stringify(summary));
  process.exit(0);
} catch (e) {
  await fail(e && e.stack || String(e));
}

// Opens the exporter's landing page in the system Chromium (headless, through playwright-core), and prints what a
// reader sees as JSON: the meta refresh, the table's rows as cell texts, each tenant cell's HTML, how many elements
// the page holds that it should never hold (<b>, <script>), and the size of a full-page PNG screenshot.
//
//   node landing-page.mjs <url> <screenshot.png>
//
// playwright-core is found in SCORE_EXPORTER_NODE_TOOLS (default: the working directory), i.e. <repo>/.tools/node
// where .ci/setup.d/30-helm.sh installs it; the browser is Debian's /usr/bin/chromium (.ci/setup.d/50-chromium.sh).
import { mkdtemp, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const [url, screenshot] = process.argv.slice(2);
if (!url || !screenshot) {
  console.error("usage: node landing-page.mjs <url> <screenshot.png>");
  process.exit(2);
}

const toolsDir = process.env.SCORE_EXPORTER_NODE_TOOLS ?? process.cwd();
const { chromium } = createRequire(path.join(toolsDir, "package.json"))("playwright-core");

// A throwaway profile, and a browser that talks to nothing but the page it is given.
const profile = await mkdtemp(path.join(os.tmpdir(), "landing-page-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.SCORE_EXPORTER_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1280, height: 720 },
  timeout: 60_000,
});

try {
  const page = context.pages()[0] ?? (await context.newPage());
  const response = await page.goto(url, { waitUntil: "load", timeout: 30_000 });
  const view = await page.evaluate(() => ({
    title: document.title,
    refresh: document.querySelector('meta[http-equiv="refresh" i]')?.getAttribute("content") ?? null,
    headers: [...document.querySelectorAll("table#polls thead th")].map((th) => th.textContent.trim()),
    rows: [...document.querySelectorAll("table#polls tbody tr")].map((tr) => [...tr.cells].map((td) => td.textContent.trim())),
    tenantCellsHtml: [...document.querySelectorAll("table#polls tbody tr")].map((tr) => tr.cells[0]?.innerHTML ?? ""),
    boldElements: document.querySelectorAll("b, strong").length,
    scriptElements: document.querySelectorAll("script").length,
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
  const shot = await stat(screenshot);
  console.log(JSON.stringify({ status: response?.status() ?? null, ...view, screenshot, screenshotBytes: shot.size }));
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
}

// Browser check: the what-if widgets open and respond in real JupyterLab without console errors.
// Run with `make e2e` (needs Debian's chromium and `npm install playwright-core` in tests/e2e).
// Starts JupyterLab on 127.0.0.1 with a random token, opens each widget notebook, runs all cells,
// moves the first slider, checks the widget output re-rendered, and fails on any console error.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium } from "playwright-core";

const root = new URL("../..", import.meta.url).pathname;
const notebooks = process.argv.slice(2).length ? process.argv.slice(2)
  : ["notebooks/02_aarrr_funnel.ipynb", "notebooks/03_b2b_funnel.ipynb", "notebooks/05_rfm.ipynb"];
const token = randomBytes(16).toString("hex");
const port = 18000 + Math.floor(Math.random() * 1000);
const jupyterArgs = ["lab", "--no-browser", `--ServerApp.ip=127.0.0.1`, `--ServerApp.port=${port}`,
  `--IdentityProvider.token=${token}`, "--LabApp.expose_app_in_browser=True", `--ServerApp.root_dir=${root}`,
  "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"];
if (process.getuid && process.getuid() === 0) jupyterArgs.push("--allow-root");
const lab = spawn(`${root}.venv/bin/jupyter`, jupyterArgs, { stdio: ["ignore", "ignore", "pipe"] });
let labLog = "";
lab.stderr.on("data", (d) => { labLog += d; });

// Messages that come from the closed network or JupyterLab's own housekeeping, not from our widgets.
const ignorable = [/favicon/i, /Failed to load resource/i, /ERR_CONNECTION_REFUSED/i, /ERR_NAME_NOT_RESOLVED/i,
  /pypi/i, /fonts\.googleapis/i, /ERR_INTERNET_DISCONNECTED/i];

let failures = 0;
const browser = await (async () => {
  for (let i = 0; i < 60 && !labLog.includes(`127.0.0.1:${port}`); i++) await sleep(500);
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"] });
})();
try {
  for (const nb of notebooks) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = [];
    page.on("console", (m) => { if (m.type() === "error" && !ignorable.some((r) => r.test(m.text()))) errors.push(m.text()); });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/lab/tree/${nb}?token=${token}`);
    await page.waitForFunction(() => window.jupyterapp && document.querySelector(".jp-Notebook"), null, { timeout: 60000 });
    await page.waitForFunction(() => document.querySelector(".jp-Notebook .jp-Cell"), null, { timeout: 60000 });
    await sleep(3000); // kernel start
    await page.evaluate(() => window.jupyterapp.commands.execute("notebook:run-all-cells"));
    const slider = page.locator(".jupyter-widgets .widget-slider .noUi-handle, .jupyter-widgets input[type=range]").first();
    await slider.waitFor({ state: "visible", timeout: 60000 });
    await slider.scrollIntoViewIfNeeded();
    const widgetBox = page.locator(".jupyter-widgets").first();
    const before = await page.locator(".jp-OutputArea-output").allInnerTexts();
    await slider.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    await sleep(2500);
    const after = await page.locator(".jp-OutputArea-output").allInnerTexts();
    const changed = JSON.stringify(before) !== JSON.stringify(after);
    const shot = `/tmp/e2e_${nb.split("/").pop().replace(".ipynb", "")}.png`;
    await widgetBox.scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot });
    const ok = errors.length === 0 && changed;
    if (!ok) failures++;
    console.log(`${ok ? "PASS" : "FAIL"} ${nb}: slider moved, output ${changed ? "changed" : "DID NOT change"}, ` +
      `${errors.length} console error(s); screenshot ${shot}`);
    for (const e of errors) console.log(`   console error: ${e.slice(0, 300)}`);
    await page.close();
  }
} finally {
  await browser.close();
  lab.kill("SIGTERM");
}
console.log(`${notebooks.length - failures} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);

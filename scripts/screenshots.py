"""`make screenshots`: the README screenshots, taken from the running demo.

Run the demo first (`make demo`, then `make serve` in another terminal; the
same DEMO_DB and DEMO_PORT as them), then::

    DEMO_DB=crm_success_demo DEMO_PORT=8069 make screenshots

It logs in as admin, opens each screen in headless Chromium at 1366×900,
waits until the web client has loaded it, and saves it, as a 256-colour PNG
(a few hundred kB at most), to crm_success_metrics/static/description/
(screenshot_<name>.png), where the addon's readme (readme/USAGE.md) shows it.

Other screens, to look at a change: `NAME=URL[@CSS selector to click]`
arguments (URL relative to the server), saved to --out (default /tmp)::

    .venv/bin/python scripts/screenshots.py --widths 1366,1600 \\
        settings=/odoo/action-crm.crm_config_settings_action

Needs Chromium (`chromium` or `chromium-browser`) and websocket-client, both
already used by the tours.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from io import BytesIO
from pathlib import Path

import websocket
from odoo_run import ROOT
from PIL import Image

DEMO_DB = os.environ.get("DEMO_DB") or "crm_success_demo"
DEMO_PORT = int(os.environ.get("DEMO_PORT") or 8069)
README_DIR = ROOT / "crm_success_metrics" / "static" / "description"
HEIGHT = 900
# A view is shown and nothing is loading any more.
READY = """(() => {
  const view = document.querySelector(
    '.o_action_manager .o_view_controller, .o_action_manager .o_action');
  const busy = document.querySelector('.o_loading_indicator, .o_blockUI');
  return !!view && !busy && document.readyState === 'complete';
})()"""


class Server:
    """JSON-RPC to the demo server, as admin: its session cookie and the ids
    of the records the screens show."""

    def __init__(self, base, db, login, password):
        self.base = base
        body = {"db": db, "login": login, "password": password}
        response = self._post("/web/session/authenticate", body)
        self.session_id = response.headers["Set-Cookie"].split("session_id=")[1]
        self.session_id = self.session_id.split(";")[0]

    def _post(self, path, params, cookie=None):
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps({"jsonrpc": "2.0", "params": params}).encode(),
            headers={
                "Content-Type": "application/json",
                **({"Cookie": f"session_id={cookie}"} if cookie else {}),
            },
        )
        response = urllib.request.urlopen(request, timeout=60)  # noqa: S310 - localhost
        response.payload = json.load(response)
        if response.payload.get("error"):
            raise SystemExit(f"{path}: {response.payload['error']['data']['message']}")
        return response

    def search_read(self, model, domain, fields, **kwargs):
        params = {
            "model": model,
            "method": "search_read",
            "args": [domain, fields],
            "kwargs": kwargs,
        }
        response = self._post("/web/dataset/call_kw", params, self.session_id)
        return response.payload["result"]

    def xmlid(self, module, name):
        rows = self.search_read(
            "ir.model.data", [("module", "=", module), ("name", "=", name)], ["res_id"]
        )
        if not rows:
            raise SystemExit(f"{module}.{name} not found: is it the demo database?")
        return rows[0]["res_id"]


def readme_screens(server):
    """{name: (URL, CSS selector to click or None)} of the README screenshots."""
    objective = server.xmlid("crm_success_metrics", "objective_sales_revenue")
    scorecards = server.search_read(
        "crm.success.scorecard",
        [("period_type", "=", "month")],
        ["id"],
        order="date_from desc",
        limit=1,
    )
    if not scorecards:
        raise SystemExit("no monthly scorecard: is it the demo database?")
    action = "/odoo/action-crm_success_metrics"
    return {
        "dashboard": (f"{action}.crm_success_dashboard_action", None),
        "objective": (f"{action}.crm_success_objective_action/{objective}", None),
        "scorecard": (
            f"{action}.crm_success_scorecard_action/{scorecards[0]['id']}",
            None,
        ),
    }


class Chromium:
    """Headless Chromium driven through the DevTools protocol."""

    def __init__(self, port=9349):
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise SystemExit("chromium not found (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="crm-success-screens-")
        self.proc = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.ws = websocket.create_connection(self._page_socket(port), timeout=120)
        self.next_id = 0
        self.call("Page.enable")

    def _page_socket(self, port):
        for _attempt in range(100):
            try:
                url = f"http://127.0.0.1:{port}/json"
                with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                    tabs = json.load(response)
                return next(t for t in tabs if t["type"] == "page")[
                    "webSocketDebuggerUrl"
                ]
            except (OSError, StopIteration):  # still starting
                time.sleep(0.2)
        raise SystemExit("chromium did not start")

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:  # events are skipped: only the answer matters
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True
        )
        return result.get("result", {}).get("value")

    def wait_ready(self, timeout=60):
        start = time.time()
        time.sleep(0.5)
        while time.time() - start < timeout and not self.evaluate(READY):
            time.sleep(0.3)
        time.sleep(1.5)  # charts animate, fonts settle

    def shoot(self, url, width, height=HEIGHT, click=None):
        """A PNG (bytes) of ``url`` at ``width`` × ``height`` px, after
        scrolling to and clicking ``click`` (a CSS selector): a tab, a
        button, or just a place to show."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.call("Page.navigate", url=url)
        self.wait_ready()
        if click:
            found = self.evaluate(
                f"(() => {{ const e = document.querySelector({json.dumps(click)});"
                " if (e) { e.scrollIntoView({block: 'center'}); e.click(); }"
                " return !!e; })()"
            )
            if not found:
                raise SystemExit(f"{url}: nothing to click matches {click}")
            self.wait_ready()
        return base64.b64decode(self.call("Page.captureScreenshot")["data"])

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def save_small(png, path):
    """Save ``png`` as a 256-colour PNG: screens have few colours, and the
    file is several times smaller than the capture."""
    image = Image.open(BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        path, optimize=True
    )
    return path.stat().st_size


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("screens", nargs="*", metavar="NAME=URL[@SELECTOR]")
    parser.add_argument("--widths", default="1366", help="e.g. 1366,1600")
    parser.add_argument("--height", type=int, default=HEIGHT)
    parser.add_argument("--out", help="folder of the other screens (default /tmp)")
    args = parser.parse_args()
    base = f"http://localhost:{DEMO_PORT}"
    try:
        server = Server(base, DEMO_DB, "admin", "admin")
    except OSError as error:
        raise SystemExit(
            f"no Odoo on {base} ({error}): run `make serve` with the same "
            "DEMO_DB and DEMO_PORT first"
        ) from error
    if args.screens:
        out = Path(args.out or tempfile.gettempdir())
        screens = {}
        for screen in args.screens:
            name, target = screen.split("=", 1)
            url, _at, click = target.partition("@")
            screens[name] = (url, click or None)
    else:
        out, screens = README_DIR, readme_screens(server)
    out.mkdir(parents=True, exist_ok=True)
    browser = Chromium()
    try:
        browser.call(
            "Network.setCookie",
            name="session_id",
            value=server.session_id,
            domain="localhost",
            path="/",
        )
        for width in map(int, args.widths.split(",")):
            for name, (url, click) in screens.items():
                suffix = "" if out == README_DIR else f"-{width}"
                path = out / f"screenshot_{name}{suffix}.png"
                size = save_small(
                    browser.shoot(base + url, width, args.height, click), path
                )
                print(f"{path}: {size // 1024} kB")
    finally:
        browser.close()


if __name__ == "__main__":
    main()

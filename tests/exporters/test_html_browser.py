"""The reader view in headless Chromium: loads clean, fetches nothing, runs no script.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and
selenium; skipped cleanly without them.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from insight_stories import rivals

from ficlens.document import Story
from ficlens.exporters.html import write_html
from ficlens.pipeline import Options
from ficlens.stages import clarity, emotion, network, tags

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seeds" / "000_a3ab017558f1b5e3.txt"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(importlib.util.find_spec("selenium") is None, reason="no selenium"),
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and Path(DRIVER).exists()),
        reason="headless Chromium is not installed",
    ),
]


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1000,1400",
        "--disable-extensions",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield browser
    browser.quit()


def analysed(story: Story) -> Story:
    for stage in (emotion.STAGE, network.STAGE, tags.STAGE, clarity.STAGE):
        story = stage.run(story, Options())
    return story


def open_page(driver: Any, story: Story, path: Path) -> str:
    write_html(story, path)
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get_log("performance")
    url = path.resolve().as_uri()
    driver.get(url)
    return url


def errors(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def requested(driver: Any) -> list[str]:
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def test_html_browser_page_loads_clean_and_fetches_nothing(driver: Any, tmp_path: Path) -> None:
    url = open_page(driver, analysed(rivals()), tmp_path / "rivals.html")
    assert driver.title.startswith("rivals")
    assert errors(driver) == []
    assert set(requested(driver)) <= {url}
    shot = tmp_path / "rivals.png"
    assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_html_browser_injected_script_never_runs(driver: Any, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    story = rivals()
    payload = '<script>window.pwned=1;alert(1)</script>"><img src=x onerror="window.pwned=2">'
    story.text = story.text.replace("Pathetic.", "<script> ")  # same length: offsets hold
    story.metadata.title = payload
    story.metadata.tags = [payload]
    story.characters[0].name = payload
    url = open_page(driver, analysed(story), tmp_path / "hostile.html")
    assert driver.execute_script("return typeof window.pwned") == "undefined"
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - reading it is the check
    assert driver.find_elements("css selector", "img") == []
    assert "<script>" in driver.find_element("tag name", "h1").text
    assert set(requested(driver)) <= {url}
    assert errors(driver) == []


def test_html_browser_hover_shows_the_speaker(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(driver, analysed(rivals()), tmp_path / "hover.html")
    quote = driver.find_element("id", "q-q2")
    assert quote.get_attribute("title").startswith("Mori Kai")
    tip = "return getComputedStyle(arguments[0], '::after').content"
    assert driver.execute_script(tip, quote) in ("none", "normal", "")
    ActionChains(driver).move_to_element(quote).perform()
    assert "Mori Kai" in driver.execute_script(tip, quote)
    driver.save_screenshot(str(tmp_path / "hover.png"))


def test_html_browser_dark_mode_and_phone_width(driver: Any, tmp_path: Path) -> None:
    open_page(driver, analysed(rivals()), tmp_path / "dark.html")
    background = "return getComputedStyle(document.body).backgroundColor"
    light = driver.execute_script(background)
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
    )
    dark = driver.execute_script(background)
    assert light != dark
    assert sum(int(v) for v in dark[dark.index("(") + 1 : -1].split(",")[:3]) < 150
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        driver.refresh()
        overflow = driver.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0
        driver.save_screenshot(str(tmp_path / "phone-dark.png"))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is not here")
@pytest.mark.skipif(
    importlib.util.find_spec("ficlens.stages.speakers") is None,
    reason="the speakers stage is not written yet",
)
def test_html_browser_seed_story_opens_clean(driver: Any, tmp_path: Path) -> None:
    from ficlens.pipeline import analyze

    url = open_page(driver, analyze(SEED), tmp_path / "seed.html")
    assert errors(driver) == []
    assert set(requested(driver)) <= {url}
    assert len(driver.find_elements("css selector", "span.q")) > 20

"""/sjalvskattning/ in real Chromium, served over HTTP and from the offline copy (file://): answers persist in
localStorage, the result and next steps follow them, export → clear → import round-trips, a malformed file
changes nothing, no request leaves the page during the flow, keyboard only, axe in both schemes, print view."""
from __future__ import annotations

import csv
import io
import json

import pytest

import browser_harness as harness
from conftest import ROOT

pytestmark = pytest.mark.browser

STORAGE_KEY = "mr-plattformen-sjalvskattning"
# Three answers: two below "etablerat" (next steps shown), one at the top level (no next steps).
ANSWERS = {"politiskt-beslut": "paborjat", "ledningsstod": "etablerat-och-uppfoljt",
           "ordinarie-styrning": "inte-paborjat"}
NOTE = 'Beslut i KS; fullmäktige "nästa år". =SUMMA(1)'
LOCAL_SCHEMES = ("file:", "blob:", "data:")


@pytest.fixture(scope="module")
def online_url(real_site) -> str:
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    return harness.serve(real_site) + "sjalvskattning/"


@pytest.fixture(scope="module")
def offline_url(real_offline_copy) -> str:
    """The real project's offline zip (without PDFs), unpacked: the page opened from file://."""
    harness.require(harness.CHROMIUM.exists(), f"{harness.CHROMIUM} is missing: apt-get install chromium")
    return (real_offline_copy / "sjalvskattning.html").as_uri()


@pytest.fixture(params=["online", "offline"])
def page_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_url")


class Watch:
    """Every request the page makes, by phase. Outside the page's own origin (or file://) is aborted."""

    def __init__(self, context, page_url: str):
        self.own = page_url.split("/sjalvskattning")[0]
        self.phase = "load"
        self.requests: list[tuple[str, str, str]] = []
        self.outside: list[str] = []
        self.errors: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        self.requests.append((self.phase, route.request.resource_type, url))
        if url.startswith(LOCAL_SCHEMES) or url.startswith(self.own):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def in_phase(self, phase: str) -> list:
        return [r for r in self.requests if r[0] == phase and not r[2].startswith(("blob:", "data:"))]


def open_page(context, url: str, watch: Watch):
    page = context.new_page()
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    watch.phase = "flow"
    return page


def answer(page, answers: dict) -> None:
    for trait, level in answers.items():
        page.check(f"#mr-sa-{trait}-{level}")


def state(page) -> dict:
    """What the form shows: trait -> (checked level, note)."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('fieldset[data-trait]')].map(f => [
        f.dataset.trait, [(f.querySelector('input:checked') || {}).value || '', f.querySelector('textarea').value]]))""")


def stored(page):
    return page.evaluate(f"() => localStorage.getItem('{STORAGE_KEY}')")


def message(page, contains: str) -> str:
    page.wait_for_function("t => document.getElementById('mr-sa-message').textContent.includes(t)", arg=contains)
    return page.locator("#mr-sa-message").inner_text()


def visible_next_steps(page) -> list[str]:
    return page.eval_on_selector_all(".mr-sa-next:not([hidden])", "els => els.map(e => e.dataset.trait)")


def expected_state(answers=ANSWERS, note=NOTE) -> dict:
    result = {trait: ["", ""] for trait in state_keys()}
    for trait, level in answers.items():
        result[trait] = [level, ""]
    result["politiskt-beslut"][1] = note
    return result


def state_keys() -> list[str]:
    import yaml
    data = yaml.safe_load((ROOT / "data" / "kannetecken.yml").read_text(encoding="utf-8"))
    return [trait["id"] for trait in data["traits"]]


def test_answers_persist_result_export_clear_import(page_url, tmp_path):
    context = harness.browser().new_context(accept_downloads=True)
    watch = Watch(context, page_url)
    try:
        page = open_page(context, page_url, watch)
        assert page.locator("#mr-sa-progress").inner_text() == "Ni har besvarat 0 av 10 kännetecken."
        assert page.locator("#mr-sa-result").is_hidden()

        answer(page, ANSWERS)
        page.fill("#mr-sa-note-politiskt-beslut", NOTE)
        wanted = expected_state()
        assert state(page) == wanted
        # A level chosen by mistake can be taken back on its own.
        page.check("#mr-sa-samverkan-paborjat")
        assert "4 av 10" in page.locator("#mr-sa-progress").inner_text()
        page.locator('fieldset[data-trait="samverkan"]').get_by_role("button", name="Ta bort nivån").click()
        message(page, "Nivån för Samverkan med aktörer i kommunen eller regionen är borttagen.")
        assert state(page) == wanted and "3 av 10" in page.locator("#mr-sa-progress").inner_text()
        assert page.evaluate("() => document.activeElement.id") == "mr-sa-samverkan-inte-paborjat"

        # Reload: the answers come back from localStorage.
        watch.phase = "reload"
        page.reload()
        page.wait_for_load_state("networkidle")
        watch.phase = "flow"
        assert state(page) == wanted

        # The summary and the chart reflect the answers, as text.
        assert page.locator("#mr-sa-summary").inner_text() == (
            "Ni har besvarat 3 av 10 kännetecken: 1 inte påbörjat, 1 påbörjat, 1 etablerat och uppföljt. "
            "Obesvarade kännetecken räknas inte.")
        row = page.locator('.mr-sa-row[data-trait="politiskt-beslut"]')
        assert row.locator("[data-mr-sa-value]").inner_text() == "Påbörjat (nivå 2 av 4)"
        assert row.locator(".mr-sa-segment.is-filled").count() == 2
        assert row.locator("[data-mr-sa-note]").inner_text() == f"Anteckning: {NOTE}"
        assert page.locator('.mr-sa-row[data-trait="ledningsstod"] .mr-sa-segment.is-filled').count() == 4
        assert page.locator('.mr-sa-row[data-trait="samverkan"] [data-mr-sa-value]').inner_text() == "Inte besvarat"

        # Next steps: the linked tools for the two low answers, not for the high one nor unanswered ones.
        assert visible_next_steps(page) == ["politiskt-beslut", "ordinarie-styrning"]
        shown = page.eval_on_selector_all(".mr-sa-next:not([hidden]) a", "els => els.map(e => e.dataset.record)")
        assert "verktyg/jamstalldhetsintegrering" in shown  # politiskt-beslut's tool
        assert "verktyg/mr-analys-med-indikatorer" in shown  # ordinarie-styrning's tool
        assert "verktyg/handledning-och-coachning" not in shown  # ledningsstod's (answered high) own tool
        assert "exempel/lund" in shown and "principer/legalitet" in shown
        link = page.locator('.mr-sa-next:not([hidden]) a[data-record="verktyg/jamstalldhetsintegrering"]')
        if page_url.startswith("file:"):
            assert link.get_attribute("href").endswith(".html")  # file:// needs the file name

        # Export as JSON and as CSV (Swedish spreadsheet conventions).
        with page.expect_download() as download:
            page.get_by_role("button", name="Spara som fil (JSON)").click()
        json_file = tmp_path / download.value.suggested_filename
        download.value.save_as(json_file)
        assert json_file.suffix == ".json"
        exported = json.loads(json_file.read_text(encoding="utf-8"))
        assert exported["format"] == "mr-plattformen-sjalvskattning"
        assert {a["id"]: a["level"] for a in exported["answers"] if a["level"]} == ANSWERS
        message(page, json_file.name)
        with page.expect_download() as download:
            page.get_by_role("button", name="Spara som tabell (CSV för Excel)").click()
        csv_file = tmp_path / download.value.suggested_filename
        download.value.save_as(csv_file)
        raw = csv_file.read_bytes()
        assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
        assert rows[0] == ["id", "kännetecken", "nivå", "nivånummer", "anteckning"]
        by_id = {r[0]: r for r in rows[1:]}
        assert by_id["politiskt-beslut"][2:4] == ["Påbörjat", "2"]
        assert by_id["politiskt-beslut"][4] == NOTE  # quoted, because of the ; and the quotes
        assert by_id["samverkan"][2:] == ["", "", ""]
        before_clear = stored(page)

        # Clear, then import the JSON: the same answers again.
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Rensa mina svar").click()
        message(page, "Dina svar är rensade")
        assert stored(page) is None and state(page) == expected_state({}, "")
        assert page.locator("#mr-sa-result").is_hidden()
        page.set_input_files("#mr-sa-file", str(json_file))
        assert "Hämtade 3 svar" in message(page, "Hämtade")
        assert state(page) == wanted and json.loads(stored(page)) == json.loads(before_clear)

        # Clear and import the CSV: the same again (a note starting with = gets no apostrophe back).
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Rensa mina svar").click()
        message(page, "Dina svar är rensade")
        page.set_input_files("#mr-sa-file", str(csv_file))
        message(page, "Hämtade 3 svar")
        assert state(page) == wanted

        # Import merges: a file with one other answer adds it and keeps the rest.
        extra = tmp_path / "extra.csv"
        extra.write_text("id;nivånummer\r\nsamverkan;4\r\n", encoding="utf-8-sig")
        page.set_input_files("#mr-sa-file", str(extra))
        message(page, "Hämtade 1 svar")
        merged = expected_state({**ANSWERS, "samverkan": "etablerat-och-uppfoljt"})
        assert state(page) == merged
        kept = stored(page)

        # Malformed files: a Swedish message, and nothing changes.
        bad_files = {"trasig.json": '{"format": "mr-plattformen-sjalvskattning", "answers": [',
                     "fel-format.json": json.dumps({"format": "annat", "answers": []}),
                     "fel-niva.csv": "id;nivånummer\r\npolitiskt-beslut;1\r\nledningsstod;9\r\n",
                     "tom.csv": "",
                     "okand-niva.json": json.dumps({"format": "mr-plattformen-sjalvskattning", "version": 1,
                                                    "answers": [{"id": "politiskt-beslut", "level": "klart"}]})}
        reasons = {"trasig.json": "inte giltig JSON", "fel-format.json": "inte en självskattning",
                   "fel-niva.csv": "rad 3: nivånumret ska vara ett tal från 1 till 4",
                   "tom.csv": "filen är tom", "okand-niva.json": "nivån finns inte"}
        for name, content in bad_files.items():
            path = tmp_path / name
            path.write_text(content, encoding="utf-8")
            page.set_input_files("#mr-sa-file", str(path))
            text = message(page, f"Filen {name} kunde inte hämtas")
            assert reasons[name] in text and text.endswith("Inga svar har ändrats."), text
            assert stored(page) == kept and state(page) == merged, name

        assert not watch.errors, f"JavaScript errors: {watch.errors}"
        assert watch.outside == [], f"requests left the machine: {watch.outside}"
        assert watch.in_phase("flow") == [], f"requests during the flow: {watch.in_phase('flow')}"
        assert not [r for r in watch.requests if r[1] in ("fetch", "xhr", "websocket", "eventsource", "ping")
                    and "search" not in r[2]], watch.requests
    finally:
        context.close()


def test_keyboard_only(online_url):
    context = harness.browser().new_context()
    try:
        page = context.new_page()
        page.goto(online_url)
        reached = []
        for _ in range(200):  # Tab from the top of the page to the first question
            page.keyboard.press("Tab")
            focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.name || '', "
                                    "document.activeElement.textContent.trim()]")
            reached.append(focused[2])
            if focused[1] == "mr-sa-politiskt-beslut":
                break
        else:
            pytest.fail(f"Tab never reached the first question: {reached[-10:]}")
        for label in ("Spara som fil (JSON)", "Spara som tabell (CSV för Excel)", "Hämta svar från fil",
                      "Rensa mina svar"):
            assert label in reached, f"{label} is not reachable by Tab"
        page.keyboard.press("Space")  # the first level
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")  # arrows move within the group and choose: level 3
        page.keyboard.press("Tab")
        page.keyboard.type("Via tangentbordet")
        page.keyboard.press("Tab")  # "Läs mer om kännetecknet"
        assert page.evaluate("() => document.activeElement.textContent") == "Läs mer om kännetecknet"
        page.keyboard.press("Tab")  # "Ta bort nivån", shown once the question has an answer
        assert page.evaluate("() => document.activeElement.textContent") == "Ta bort nivån"
        page.keyboard.press("Tab")  # into the next question
        page.keyboard.press("Space")
        assert state(page)["politiskt-beslut"] == ["etablerat-i-delar", "Via tangentbordet"]
        assert state(page)["ledningsstod"] == ["inte-paborjat", ""]
        assert "2 av 10" in page.locator("#mr-sa-progress").inner_text()
        assert visible_next_steps(page) == ["ledningsstod"]
        # The result is one keyboard step away: the jump link moves focus to its heading.
        page.locator(".mr-sa-jump a").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == "#mr-sa-result-title"
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_and_390px_with_and_without_answers(online_url, scheme):
    context = harness.browser().new_context(color_scheme=scheme, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(online_url)
        failures = {}
        for label in ("without answers", "with answers"):
            if label == "with answers":
                answer(page, ANSWERS)
                page.fill("#mr-sa-note-politiskt-beslut", NOTE)
                page.locator("#mr-sa-result").wait_for()
            violations = harness.run_axe(page)
            if violations:
                failures[label] = violations
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, f"{label}: the page is {width}px wide at 390px"
        assert not failures, f"axe ({scheme}): {json.dumps(failures, ensure_ascii=False, indent=1)}"
    finally:
        context.close()


def test_print_view_shows_the_result_or_the_blank_form(online_url):
    context = harness.browser().new_context()
    try:
        page = context.new_page()
        page.goto(online_url)
        page.emulate_media(media="print")
        assert page.locator("#mr-sa-form").is_visible() and page.locator("#mr-sa-toolbar").is_hidden()
        page.emulate_media(media="screen")
        answer(page, ANSWERS)
        page.emulate_media(media="print")
        assert page.locator("#mr-sa-form").is_hidden()
        assert page.locator("#mr-sa-chart").is_visible() and visible_next_steps(page)
        assert page.get_by_role("button", name="Skriv ut resultatet").is_hidden()
    finally:
        context.close()


def test_without_javascript_the_questions_and_levels_are_a_readable_list(online_url):
    context = harness.browser().new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(online_url)
        assert page.locator("fieldset.mr-sa-trait").count() == 10
        assert page.locator("fieldset.mr-sa-trait legend").first.inner_text().startswith("1. ")
        assert page.locator("fieldset.mr-sa-trait .mr-sa-question").first.is_visible()
        assert page.locator("fieldset.mr-sa-trait input[type=radio]").count() == 40
        assert page.get_by_text("Etablerat och uppföljt").first.is_visible()
        assert page.locator("#mr-sa-toolbar").is_hidden() and page.locator("#mr-sa-result").is_hidden()
        assert page.locator(".mr-sa-noscript").is_visible()
    finally:
        context.close()

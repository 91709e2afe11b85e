"""What every page owes everyone, checked in a real browser on the main pages of each persona:
nothing blocked by the content security policy, form control edges that can be seen (WCAG
1.4.11), and no sideways scrolling on a 375 px phone. Screenshots with PORTAL_SCREENSHOTS."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import test_complaints
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The complaint journeys' decided case gives the register, the case list and a case page something to show.
parish_councillor = test_complaints.parish_councillor
decided_case = test_complaints.decided_case

PUBLIC_PAGES = [
    "/accounts/login/",
    "/complaints/",
    "/complaints/decisions/",
    "/complaints/privacy/",
    "/accessibility/",
    "/privacy/",
    "/contact/",
]
COUNCILLOR_PAGES = ["/", "/guidance/", "/training/", "/ask/", "/ask/new/", "/contact/"]
OFFICER_PAGES = ["/", "/complaints/cases/", "/ask/queue/", "/guidance/", "/training/", "/reports/"]
# Pages whose forms hold the kinds of control the portal uses: text, textarea, select, radio, checkbox.
FORM_PAGES = ["/complaints/", "/contact/"]

# Records every violation the page reports, before any of the page's own scripts run.
LISTEN_FOR_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI || "inline"}`);
});
"""

# Tick every box and pick every radio so Bootstrap's ticked-state images are asked for too.
TICK_EVERYTHING = """
() => {
  for (const input of document.querySelectorAll("input[type=checkbox], input[type=radio]")) {
    input.checked = true;
  }
  document.body.getBoundingClientRect();
}
"""

# Each visible control's border colour and the colour behind it (the nearest opaque ancestor).
CONTROL_EDGES = """
() => {
  const opaque = (colour) => colour && colour !== "transparent" && !/rgba\\(.*,\\s*0\\)$/.test(colour);
  const behind = (element) => {
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (opaque(colour)) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const controls = document.querySelectorAll(
    "main input:not([type=hidden]):not([type=submit]):not([type=button]), main select, main textarea"
  );
  return [...controls]
    .filter((control) => control.getClientRects().length && !control.closest("[aria-hidden=true]"))
    .map((control) => ({
      control: `${control.tagName.toLowerCase()}[type=${control.type}]#${control.id}`,
      border: getComputedStyle(control).borderTopColor,
      background: behind(control),
    }));
}
"""

# Elements that reach past the right edge of the window, outermost first.
OVERFLOWING = """
() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const out = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right > width + 1 && !out.some((outer) => outer.contains(element))) out.push(element);
  }
  return out.slice(0, 5).map((element) => `${element.tagName.toLowerCase()}.${element.className}: ` +
    `${Math.round(element.getBoundingClientRect().right)}px`);
}
"""


def rgb(colour: str) -> tuple[float, float, float]:
    numbers = colour[colour.index("(") + 1 : colour.index(")")].replace(",", " ").split()
    return tuple(float(n) for n in numbers[:3])


def luminance(colour: str) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture
def csp_watch(page):
    """Collect CSP violations from both the DOM event and the console, for every page visited."""
    console = []
    page.add_init_script(LISTEN_FOR_CSP)
    page.on(
        "console",
        lambda message: (
            console.append(message.text[:160]) if "Content Security Policy" in message.text else None
        ),
    )

    def violations():
        page.evaluate(TICK_EVERYTHING)
        page.wait_for_timeout(150)  # let the ticked-state images be fetched (or refused)
        found = page.evaluate("window.__cspViolations || []") + console[:]
        console.clear()
        return found

    return violations


def visit_all(page, live_server, paths, check, screenshot=None, prefix=""):
    """Open each path (which must answer 200, not an error page) and collect what ``check`` finds."""
    problems = {}
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        found = check(page)
        if found:
            problems[path] = found
        if screenshot:
            screenshot(page, f"{prefix}{path.strip('/').replace('/', '-') or 'home'}")
    return problems


@pytest.fixture
def main_pages(decided_case, councillor, monitoring_officer, member_support, independent_person):
    """(person, paths) for each persona: None is a visitor without an account."""
    complaint, status_token = decided_case
    notice = complaint.decision_notices.first()
    return [
        (
            None,
            [*PUBLIC_PAGES, f"/complaints/decisions/{notice.pk}/", f"/complaints/status/{status_token}/"],
        ),
        (councillor, COUNCILLOR_PAGES),
        (monitoring_officer, [*OFFICER_PAGES, f"/complaints/cases/{complaint.pk}/"]),
        (member_support, ["/", "/training/", "/reports/committees/"]),
        (independent_person, ["/", "/complaints/consulted/", f"/complaints/consulted/{complaint.pk}/"]),
    ]


def test_it_reports_no_content_security_policy_violation_on_the_main_pages(
    page,
    context,
    live_server,
    sign_in_as,
    main_pages,
    csp_watch,
    screenshot,
):
    problems = {}
    for user, paths in main_pages:
        context.clear_cookies()
        if user:
            sign_in_as(user)
        # The screenshots show every box ticked: the ticks and select arrows must be drawn.
        prefix = "ticked-" + ("visitor" if user is None else user.email.split("@")[0]) + "-"
        found = visit_all(page, live_server, paths, lambda _: csp_watch(), screenshot, prefix)
        problems.update({f"{user or 'visitor'} {p}": v for p, v in found.items()})
    assert not problems, f"the CSP refused something: {problems}"


def test_it_reports_no_content_security_policy_violation_when_a_form_shows_its_errors(
    page,
    live_server,
    parish_councillor,
    csp_watch,
):
    for path, button in [("/complaints/", "Send my complaint"), ("/contact/", "Send message")]:
        page.goto(live_server.url + path)
        page.get_by_role("button", name=button).click()
        expect(page.locator("#error-summary")).to_be_visible()
        assert not csp_watch(), f"the CSP refused something on {path} with errors"


def test_it_draws_form_control_edges_at_three_to_one_or_more(
    page,
    live_server,
    sign_in_as,
    parish_councillor,
    councillor,
    screenshot,
):
    failures = []
    checked = 0
    sign_in_as(councillor)
    for path in [*FORM_PAGES, "/ask/new/"]:
        page.goto(live_server.url + path)
        for edge in page.evaluate(CONTROL_EDGES):
            checked += 1
            ratio = contrast(edge["border"], edge["background"])
            if ratio < 3:
                failures.append(
                    f"{path} {edge['control']}: {edge['border']} on {edge['background']} is {ratio:.2f}:1"
                )
        screenshot(page, f"controls-{path.strip('/').replace('/', '-')}")
    assert checked > 10
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_it_does_not_scroll_sideways_on_a_phone(
    page,
    context,
    live_server,
    sign_in_as,
    main_pages,
    viewport,
    screenshot,
):
    page.set_viewport_size(viewport)
    problems = {}
    for user, paths in main_pages:
        context.clear_cookies()
        if user:
            sign_in_as(user)
        prefix = "phone-" + ("visitor" if user is None else user.email.split("@")[0]) + "-"
        found = visit_all(page, live_server, paths, lambda p: p.evaluate(OVERFLOWING), screenshot, prefix)
        problems.update({f"{user or 'visitor'} {p}": v for p, v in found.items()})
    assert not problems, f"these pages scroll sideways at 375 px: {problems}"


def test_it_shows_the_public_register_links_on_a_phone(page, live_server, decided_case, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/complaints/decisions/")
    link = page.get_by_role("table").get_by_role("link").first
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert page.evaluate("document.querySelector('.table-responsive').scrollWidth <= innerWidth")
    screenshot(page, "phone-register")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_lets_a_visitor_reach_the_complaint_form_and_contact_page_from_the_header(
    page, live_server, db, viewport, assert_accessible, screenshot
):
    page.set_viewport_size(viewport)
    page.goto(f"{live_server.url}/accessibility/")
    header = page.get_by_role("banner")
    header.get_by_role("link", name="Complain about a councillor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Complain about a councillor")
    page.goto(f"{live_server.url}/accessibility/")
    assert_accessible(page)
    screenshot(page, f"accessibility-{viewport['width']}")
    page.get_by_role("link", name="contact Member Support").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact Member Support")
    assert_accessible(page)
    screenshot(page, f"contact-{viewport['width']}")


# Options whose text is wider than the room inside their closed select box.
CUT_OFF_OPTIONS = """
() => {
  const ruler = document.createElement("canvas").getContext("2d");
  const cut = [];
  for (const select of document.querySelectorAll("main select:not([multiple])")) {
    if (!select.getClientRects().length) continue;
    const style = getComputedStyle(select);
    ruler.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const option of select.options) {
      const needed = ruler.measureText(option.text).width;
      if (needed > room + 1) {
        cut.push(`#${select.id} "${option.text}" needs ${Math.ceil(needed)}px, has ${Math.floor(room)}px`);
      }
    }
  }
  return cut;
}
"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_it_shows_the_whole_text_of_every_option_in_the_filters(
    page, live_server, sign_in_as, decided_case, monitoring_officer, viewport, screenshot
):
    page.set_viewport_size(viewport)
    sign_in_as(monitoring_officer)
    problems = visit_all(
        page,
        live_server,
        ["/reports/", "/reports/committees/", "/complaints/cases/", "/ask/queue/"],
        lambda p: p.evaluate(CUT_OFF_OPTIONS),
        screenshot,
        f"filters-{viewport['width']}-",
    )
    assert not problems, f"option text cut off: {problems}"


def test_it_keeps_a_case_reference_on_one_line_on_a_phone(
    page, live_server, sign_in_as, decided_case, monitoring_officer, screenshot
):
    complaint, _ = decided_case
    page.set_viewport_size(PHONE)
    sign_in_as(monitoring_officer)
    page.goto(f"{live_server.url}/complaints/cases/")
    link = page.get_by_role("link", name=complaint.reference)
    expect(link).to_be_visible()
    assert link.evaluate("(a) => a.getClientRects().length") == 1, "the reference wraps onto two lines"
    screenshot(page, "phone-case-list")


def test_it_takes_a_message_to_member_support_with_the_error_pattern(
    page, live_server, db, mailoutbox, assert_accessible, screenshot
):
    page.goto(f"{live_server.url}/contact/")
    page.get_by_role("button", name="Send message").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Contact Member Support"))
    expect(summary.get_by_role("link", name="Enter your message")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contact-errors")
    summary.get_by_role("link", name="Choose what your message is about").click()
    expect(page.get_by_label("A problem using the portal or its accessibility")).to_be_focused()
    page.get_by_label("Your name").fill("Ada Brennan")
    page.get_by_label("Your email address").fill("ada.brennan@example.net")
    page.get_by_label("Something else").check()
    page.get_by_label("Your message").fill("Please send me the code of conduct in large print.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Message sent")
    assert_accessible(page)

"""The web service in a real browser (tests/t4500-web-browser.sh).

Headless chromium, driven by WebDriver (Debian's chromium-driver and
python3-selenium), with JavaScript switched off as in a locked-down
municipal browser: the service must work by forms and links alone.

The story: a staff member logs in with the one-time password and is made
to change it, enrols a participant through the form (select boxes for
the code lists), allocates and sees the arm (id="arm") and the receipt,
enrols and allocates another in one step (the form's second button,
which comes back to the form with that participant's arm above it),
uploads a register with errors and sees them listed by line and column,
then cannot open a participant of another site; a researcher logs in and
sees the participants of both sites and the status page.

On every page: no error or warning on the browser console (a failed
load, a Content-Security-Policy violation; let through are the 4xx of a
page that must refuse, and the 404 of the /favicon.ico that chromium asks
for on its own), every form control that is not hidden or a button has a
<label for=ID> with text, every form a csrf token, and a screenshot of
the main pages goes to --shots.  What the shell test checks against the
store (the arm, the receipt's entry hash, the upload page's text) is
written to --out as "KEY VALUE" lines, with the time of each step.

It runs in the test's scratch directory (the chromium profile is made
there).

usage: story.py --url URL --shots DIR --out FILE --staff NAME --staff-otp FILE
       --researcher NAME --researcher-otp FILE --other PID --bad-register FILE
       [--register-errors FILE]
"""

import argparse
import http.client
import os
import re
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException,
                                        WebDriverException)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

NEW_PASSWORD = {"staff": "correct horse battery", "researcher": "tidy ledger of arms"}


class StoryError(Exception):
    pass


def fail(msg):
    raise StoryError(msg)


class Story:
    def __init__(self, args):
        self.t0 = time.monotonic()
        self.args = args
        self.url = args.url.rstrip("/")
        self.out = open(args.out, "w")
        opts = webdriver.ChromeOptions()
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                  "--disable-gpu", "--no-first-run", "--window-size=1000,900",
                  "--lang=en-US",
                  "--user-data-dir=" + os.path.abspath("chromium-profile")):
            opts.add_argument(a)
        opts.binary_location = "/usr/bin/chromium"
        # JavaScript off for the pages (WebDriver still works).
        opts.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
        opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.d = webdriver.Chrome(options=opts,
                                  service=Service("/usr/bin/chromedriver"))
        self.d.set_page_load_timeout(30)
        self.pages = 0
        self.refusals = set()
        self.lap("chromium started")

    def lap(self, what):
        self.note("time", "%.2f s %s" % (time.monotonic() - self.t0, what))

    def note(self, key, value):
        print(key, value, file=self.out, flush=True)

    def path(self):
        u = urllib.parse.urlsplit(self.d.current_url)
        return u.path + ("?" + u.query if u.query else "")

    def check_page(self, shot=None, refusal=False):
        """No console error or warning, every control labelled, a
        screenshot.  With refusal, the page itself may come with a 4xx
        status (which chromium logs as a failed load of the page)."""
        self.pages += 1
        if refusal:
            self.refusals.add(self.d.current_url + " - Failed to load "
                              "resource: the server responded with a "
                              "status of 4")
        # The log may come a page late: a refusal's 4xx is let through
        # whenever it comes.  The service has no icon: chromium asks for
        # /favicon.ico on its own and logs the 404 (not the page's doing;
        # noted in story.out).
        log = self.d.get_log("browser")
        icon = self.url + "/favicon.ico - Failed to load resource"
        bad = [e for e in log if e["level"] in ("SEVERE", "WARNING") and
               not (e["source"] == "network" and
                    any(e["message"].startswith(r) for r in self.refusals))
               and not e["message"].startswith(icon)]
        if bad:
            fail("console of %s: %s" % (self.path(), "; ".join(
                "%s %s" % (e["level"], e["message"]) for e in bad)))
        for e in log:
            self.note("console", "%s %s %s" % (self.path(), e["level"],
                                                e["message"]))
        # One WebDriver call for the whole page (page scripts are off, but
        # WebDriver's own still run): each control that is not hidden or a
        # button, without a <label for=its id> that has text; each form
        # without a csrf token.
        unlabelled, tokenless = self.d.execute_script("""
            var bad = [], forms = [];
            document.querySelectorAll("input, select, textarea").forEach(function (el) {
                var t = (el.getAttribute("type") || "").toLowerCase();
                if (["hidden", "submit", "button", "reset", "image"].indexOf(t) >= 0)
                    return;
                var l = el.id && document.querySelector('label[for="' + el.id + '"]');
                if (!l || !l.textContent.trim())
                    bad.push((el.getAttribute("name") || "?") + " (id " + (el.id || "none") + ")");
            });
            document.querySelectorAll("form").forEach(function (f) {
                if (!f.querySelector('input[type="hidden"][name="csrf"]'))
                    forms.push(f.getAttribute("action"));
            });
            return [bad, forms];""")
        if unlabelled:
            fail("%s: controls without a label: %s"
                 % (self.path(), ", ".join(unlabelled)))
        if tokenless:
            fail("%s: forms without a csrf token: %s"
                 % (self.path(), ", ".join(tokenless)))
        if shot:
            f = os.path.join(self.args.shots, shot + ".png")
            self.d.save_screenshot(f)
            self.note("shot", f)

    def get(self, path, shot=None):
        self.d.get(self.url + path)
        self.check_page(shot)

    def submit(self, action, button=None):
        """Press the submit button of the form that posts to action (the
        pages also hold the logout form), its first or the one that
        matches the CSS selector button; the click returns once the next
        page has replaced this one (the old form gone stale), bounded at 30
        seconds: under AddressSanitizer or a loaded machine the click can
        return first."""
        form_css = 'form[action="%s"]' % action
        form = self.d.find_element(By.CSS_SELECTOR, form_css)
        form.find_element(By.CSS_SELECTOR, button or 'button[type="submit"], '
                          'input[type="submit"], button:not([type])').click()
        self.wait_gone(form, "the answer to %s" % action)

    def wait_gone(self, element, what):
        # Polled by hand: while the next page loads, chromedriver may
        # answer with another error than a stale element (seen under
        # AddressSanitizer), which means the same: not there yet.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                element.is_enabled()
            except StaleElementReferenceException:
                return
            except WebDriverException:
                pass
            time.sleep(0.1)
        fail("%s: no new page within 30 s (still at %s)"
             % (what, self.path()))

    def fill(self, name, value):
        el = self.d.find_element(By.NAME, name)
        if el.tag_name == "select":
            try:
                Select(el).select_by_value(value)
            except NoSuchElementException:
                fail("%s: select '%s' has no option '%s'"
                     % (self.path(), name, value))
        elif el.get_dom_attribute("type") == "date":
            # A date box is typed as the browser's locale (en-US, set
            # above) orders it: month, day, year.
            y, m, d = value.split("-")
            el.send_keys(m + d + y)
        else:
            el.clear()
            el.send_keys(value)

    def expect_path(self, pattern, what):
        # A submitted form may still be on its way to the next page (seen
        # under AddressSanitizer): wait for it, bounded at 10 seconds.
        deadline = time.monotonic() + 10
        path = self.path()
        while not re.fullmatch(pattern, path) and time.monotonic() < deadline:
            time.sleep(0.1)
            path = self.path()
        if not re.fullmatch(pattern, path):
            body = self.d.find_element(By.TAG_NAME, "body").text[:300]
            fail("%s: at %s, expected %s; the page says: %s"
                 % (what, path, pattern, body))

    def login(self, user, password, shot=None):
        self.get("/login", shot)
        self.fill("user", user)
        self.fill("password", password)
        self.submit("/login")

    def logout(self):
        forms = self.d.find_elements(By.CSS_SELECTOR, 'form[action="/logout"]')
        if not forms:
            fail("%s: no logout form" % self.path())
        forms[0].find_element(By.CSS_SELECTOR, "button, input[type=submit]").click()
        self.wait_gone(forms[0], "logout")
        self.check_page()

    def status_of(self, path):
        """The HTTP status of path fetched with the browser's session
        cookies (WebDriver does not report statuses)."""
        u = urllib.parse.urlsplit(self.url)
        cookies = "; ".join("%s=%s" % (c["name"], c["value"])
                            for c in self.d.get_cookies())
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
        conn.request("GET", path, headers={"Cookie": cookies})
        r = conn.getresponse()
        body = r.read().decode("utf-8", "replace")
        conn.close()
        return r.status, body

    def run(self):
        a = self.args
        staff_otp = open(a.staff_otp).read().strip()
        res_otp = open(a.researcher_otp).read().strip()

        # 1. The one-time password logs in, and must be changed first.
        self.login(a.staff, staff_otp, "login")
        self.expect_path("/password", "after a login with the one-time password")
        self.check_page("password")
        self.get("/enrol?site=0301")
        self.expect_path("/password", "a page asked before the password is changed")
        self.fill("old", staff_otp)
        self.fill("new", NEW_PASSWORD["staff"])
        self.fill("confirm", NEW_PASSWORD["staff"])
        self.submit("/password")
        self.check_page("home")
        self.expect_path("/", "after the password change")

        self.lap("step done")
        # 2. Enrol through the form.
        self.get("/enrol?site=0301", "enrol")
        for name, value in (("id_number", "11057523044"), ("gender", "female"),
                            ("birth_year", "1985"), ("education", "primary"),
                            ("norwegian_level", "A2"), ("years_in_norway", "3"),
                            ("consent_date", "2026-10-01")):
            self.fill(name, value)
        for name in ("gender", "education", "norwegian_level"):
            if self.d.find_element(By.NAME, name).tag_name != "select":
                fail("/enrol: '%s' is a code list, expected a select box" % name)
        self.submit("/enrol")
        self.check_page()
        self.expect_path(r"/participant/P\d+", "after enrolment")
        pid = self.path().rsplit("/", 1)[1]
        self.note("enrolled", pid)
        if "11057523044" in self.d.page_source:
            fail("/participant/%s shows the identity number" % pid)
        if self.d.find_elements(By.ID, "arm"):
            fail("/participant/%s shows an arm before the allocation" % pid)
        self.check_page("participant")

        self.lap("step done")
        # 3. Allocate: the arm is shown after the allocation, with a receipt.
        self.submit("/allocate")
        self.check_page("allocated")
        self.expect_path("/participant/" + pid, "after the allocation")
        arm = self.d.find_element(By.ID, "arm").text.strip()
        self.note("arm", "%s %s" % (pid, arm))
        # The receipt is on the page, and its file behind the link.
        hashes = self.d.find_elements(By.CSS_SELECTOR, "#receipt #entry-hash")
        if not hashes or not re.fullmatch(r"[0-9a-f]{64}", hashes[0].text.strip()):
            fail("/participant/%s: no receipt with the entry hash" % pid)
        self.note("entry-hash", hashes[0].text.strip())
        href = "/participant/%s/receipt" % pid
        if not self.d.find_elements(By.CSS_SELECTOR, 'a[href="%s"]' % href):
            fail("/participant/%s: no link to the receipt" % pid)
        status, body = self.status_of(href)
        if status != 200 or pid not in body:
            fail("%s: status %d, expected 200 and a receipt naming %s"
                 % (href, status, pid))
        with open(os.path.join(self.args.shots, "receipt-%s.txt" % pid), "w") as f:
            f.write(body)
        self.note("receipt", os.path.join(self.args.shots, "receipt-%s.txt" % pid))
        # A second allocation of the same participant is refused.
        # (The form is gone once allocated.)
        self.get("/participant/" + pid)
        if self.d.find_elements(By.CSS_SELECTOR, 'form[action="/allocate"]'):
            fail("/participant/%s still offers to allocate" % pid)

        self.lap("step done")
        # 3b. Enrol and allocate in one step, the form's second button.
        self.get("/enrol?site=0301")
        for name, value in (("id_number", "01018010956"), ("gender", "male"),
                            ("birth_year", "1980"), ("education", "higher"),
                            ("norwegian_level", "B1"), ("years_in_norway", "4"),
                            ("consent_date", "2026-10-02")):
            self.fill(name, value)
        self.submit("/enrol", 'button[name="then"][value="allocate"]')
        self.check_page("enrolled-allocated")
        # It sends to the form again, the participant just allocated
        # above it with the arm and receipt, ready for the next one.
        self.expect_path(r"/enrol\?allocated=P\d+", "after enrolling and allocating")
        pid2 = self.path().rsplit("=", 1)[1]
        if pid2 == pid:
            fail("enrol and allocate: the same participant as before")
        arms = self.d.find_elements(By.CSS_SELECTOR, "#last #arm")
        if not arms or not arms[0].text.strip():
            fail("%s: no arm after enrolling and allocating" % self.path())
        if not self.d.find_elements(By.CSS_SELECTOR, "#last #entry-hash"):
            fail("%s: no receipt with the entry hash" % self.path())
        if not self.d.find_elements(By.CSS_SELECTOR, 'form[action="/enrol"] input[name="id_number"]'):
            fail("%s: no form for the next participant" % self.path())
        arm2 = arms[0].text.strip()
        self.note("enrolled-allocated", "%s %s" % (pid2, arm2))
        self.get("/participant/" + pid2)
        shown = self.d.find_elements(By.ID, "arm")
        if not shown or shown[0].text.strip() != arm2:
            fail("/participant/%s: not the arm shown after enrolling" % pid2)
        if self.d.find_elements(By.CSS_SELECTOR, 'form[action="/allocate"]'):
            fail("/participant/%s still offers to allocate" % pid2)

        self.lap("step done")
        # 4. A register with errors: all refused, each error by line and column.
        self.get("/upload", "upload")
        self.fill("site", "0301")
        self.d.find_element(By.NAME, "register").send_keys(
            os.path.abspath(a.bad_register))
        self.submit("/upload")
        self.check_page("upload-errors", refusal=True)
        text = self.d.find_element(By.TAG_NAME, "body").text
        self.note("upload-page", text.replace("\n", " | "))
        if a.register_errors:
            for line in open(a.register_errors):
                want = line.strip()
                if want and want not in text:
                    fail("the upload page does not list '%s'; it says: %s"
                         % (want, text[:600]))

        self.lap("step done")
        # 5. Another site's participant: refused, nothing of it shown.
        self.d.get(self.url + "/participant/" + a.other)
        if self.d.find_elements(By.ID, "arm") or \
                self.d.find_elements(By.CSS_SELECTOR, 'form[action="/allocate"]'):
            fail("staff of 0301 sees participant %s of another site" % a.other)
        status, body = self.status_of("/participant/" + a.other)
        self.note("other-site-status", status)
        if status not in (403, 404):
            fail("/participant/%s of another site: status %d, expected 403 or 404"
                 % (a.other, status))
        self.check_page("refused", refusal=True)
        self.get("/participants", "participants-staff")
        text = self.d.find_element(By.TAG_NAME, "body").text
        if pid not in text or a.other in text:
            fail("staff's /participants: expected %s and not %s: %s"
                 % (pid, a.other, text[:400]))
        self.logout()
        status, _ = self.status_of("/participants")
        if status not in (303, 401, 403):
            fail("/participants after logout: status %d" % status)

        self.lap("step done")
        # 6. The researcher: both sites, and the status page.
        self.login(a.researcher, res_otp)
        self.expect_path("/password", "the researcher's first login")
        self.fill("old", res_otp)
        self.fill("new", NEW_PASSWORD["researcher"])
        self.fill("confirm", NEW_PASSWORD["researcher"])
        self.submit("/password")
        self.check_page()
        self.get("/participants", "participants-researcher")
        text = self.d.find_element(By.TAG_NAME, "body").text
        for want in (pid, a.other, "0301", "4601"):
            if want not in text:
                fail("the researcher's /participants lacks '%s': %s"
                     % (want, text[:400]))
        self.get("/status", "status")
        self.logout()
        self.note("pages", self.pages)
        self.lap("story done")

    def close(self):
        self.out.close()
        self.d.quit()


def main():
    p = argparse.ArgumentParser()
    for opt in ("--url", "--shots", "--out", "--staff", "--staff-otp",
                "--researcher", "--researcher-otp", "--other", "--bad-register"):
        p.add_argument(opt, required=True)
    p.add_argument("--register-errors")
    args = p.parse_args()
    story = Story(args)
    try:
        story.run()
    except StoryError as e:
        try:
            story.d.save_screenshot(os.path.join(args.shots, "failed.png"))
        except Exception:
            pass
        print("story.py: %s" % e, file=sys.stderr)
        story.close()
        return 1
    story.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

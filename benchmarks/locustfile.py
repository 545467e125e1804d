"""Simulated professionals for `make soak` (benchmarks/soak.py starts this with Locust).

Each user logs in with an account of its own and screens case after case: start, answer every
step (sometimes "Onbekend", sometimes going back a step), review, judge, finalise, print the
PDF and open the case page. Every request goes to one of the app instances at random, as a
load balancer without sticky sessions would send it. What the app acknowledged is tallied per
screening, so soak.py can check the database afterwards.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from collections import Counter, defaultdict
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

HOSTS = os.environ["SOAK_HOSTS"].split(",")
PATHS: dict[str, str] = json.loads(os.environ["SOAK_PATHS"])
ACCOUNTS = int(os.environ["SOAK_ACCOUNTS"])
PASSWORD = os.environ["SOAK_PASSWORD"]
TALLY_FILE = os.environ["SOAK_TALLY"]
MAX_POSTS_PER_SCREENING = 40

numbers = itertools.count()
# screening id -> audit event -> how many the app acknowledged; and its expected version
# when its result page is first shown: the one its first step page showed, plus one per
# acknowledged step save.
acknowledged: dict[int, Counter[str]] = defaultdict(Counter)
writes: Counter[int] = Counter()
created: list[str] = []


class Abandoned(Exception):
    """The app answered otherwise than a browser expects: this case stops, the failure counts."""


class Forms(HTMLParser):
    """Collect each form's action and fields: enough to answer a page like a browser."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({"action": values.get("action", ""), "fields": [], "buttons": []})
        elif self.forms and tag == "input":
            self.forms[-1]["fields"].append(values)
        elif self.forms and tag == "button" and values.get("name") == "action":
            self.forms[-1]["buttons"].append(values.get("value", ""))


def forms_of(html: str) -> list[dict[str, Any]]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def form_with(html: str, action_part: str) -> dict[str, Any]:
    """The page's form that posts to `action_part`; a missing one counts as a failure."""
    found = next((f for f in forms_of(html) if action_part in f["action"]), None)
    if found is None:
        events.request.fire(request_type="CHECK", name="form present", response_time=0,
                            response_length=0, response=None, context={},
                            exception=AssertionError(f"no form posting to {action_part}"))
        raise Abandoned
    return found


def hidden_fields(form: dict[str, Any]) -> dict[str, str]:
    return {f["name"]: f.get("value", "") for f in form["fields"] if f.get("type") == "hidden"}


def path_of(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Professional(HttpUser):
    wait_time = between(0.5, 2.0)

    def url(self, path: str) -> str:
        return random.choice(HOSTS) + path

    def request(self, method: str, path: str, name: str, expect: int,
                data: dict[str, str] | None = None) -> Any:
        with self.client.request(method, self.url(path), name=name, data=data,
                                 allow_redirects=False, catch_response=True, timeout=60) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} instead of {expect}")
                raise Abandoned  # the next case starts clean
            response.success()
            return response

    def on_start(self) -> None:
        number = next(numbers)
        self.email = f"soak-{number % ACCOUNTS}@example.nl"
        self.cases = 0
        self.prefix = f"SOAK-{number}"
        page = self.client.get(self.url(PATHS["login"]), name="login GET")
        token = hidden_fields(forms_of(page.text)[-1])["csrf_token"]
        self.request("POST", PATHS["login"], "login POST", 302,
                     {"csrf_token": token, "email": self.email, "password": PASSWORD})

    @task
    def screen_a_case(self) -> None:
        try:
            self.one_case()
        except Abandoned:
            pass

    def one_case(self) -> None:
        self.cases += 1
        reference = f"{self.prefix}-{self.cases}"
        page = self.request("GET", PATHS["new"], "new GET", 200)
        form = form_with(page.text, PATHS["new"])
        data = {**hidden_fields(form), "case_reference": reference, "municipality": "Almelo",
                "instrument": PATHS["instrument"], "setting": "intake", "screener_role": "smw"}
        started = self.request("POST", PATHS["new"], "new POST", 302, data)
        created.append(reference)
        location = path_of(started.headers["Location"])
        screening_id = int(location.split("/")[2])
        acknowledged[screening_id]["create"] += 1
        went_back = False
        for _ in range(MAX_POSTS_PER_SCREENING):
            if "/stap/" not in location:
                break
            location, went_back = self.answer_step(screening_id, location, went_back)
        self.request("GET", location, "review GET", 200)
        acknowledged[screening_id]["view"] += 1
        self.judge_and_finalise(screening_id, PATHS["result"].replace("{id}", str(screening_id)))
        self.request("GET", PATHS["pdf"].replace("{id}", str(screening_id)), "pdf GET", 200)
        acknowledged[screening_id]["print"] += 1
        self.request("GET", PATHS["case"].replace("{ref}", reference), "case GET", 200)
        acknowledged[screening_id]["view"] += 1
        if random.random() < 0.3:
            self.request("GET", PATHS["list"], "list GET", 200)

    def answer_step(self, screening_id: int, location: str, went_back: bool) -> tuple[str, bool]:
        page = self.request("GET", location, "step GET", 200)
        acknowledged[screening_id]["view"] += 1
        form = form_with(page.text, "/stap/")
        data = hidden_fields(form)
        if screening_id not in writes:
            # The version the new screening has after its start, however many writes that took.
            writes[screening_id] = int(data["lock_version"])
        hidden = set(data.get("hidden_items", "").split())
        choices: dict[str, list[str]] = defaultdict(list)
        for field in form["fields"]:
            name = field.get("name", "")
            if name.startswith("q_") and name[2:] not in hidden:
                if field.get("type") == "radio":
                    choices[name].append(field.get("value", ""))
                elif field.get("type") == "number":
                    data[name] = str(random.randint(1, 3))
        for name, codes in choices.items():
            # About one answer in five is "Onbekend" where the question offers it.
            if "unknown" in codes and random.random() < 0.2:
                data[name] = "unknown"
            elif random.random() < 0.9:
                data[name] = random.choice(codes)
        back = "back" in form["buttons"] and not went_back and random.random() < 0.15
        data["action"] = "back" if back else "next"
        data["note"] = ""
        saved = self.request("POST", location, "step POST", 302, data)
        acknowledged[screening_id]["edit"] += 1
        writes[screening_id] += 1
        return path_of(saved.headers["Location"]), back or went_back

    def judge_and_finalise(self, screening_id: int, result_path: str) -> None:
        page = self.request("GET", result_path, "result GET", 200)
        acknowledged[screening_id]["view"] += 1
        judge = form_with(page.text, PATHS["judge"].replace("{id}", str(screening_id)))
        seen = int(hidden_fields(judge)["lock_version"])
        if seen != writes[screening_id]:
            # Every acknowledged step save moved the version on by exactly one.
            events.request.fire(request_type="CHECK", name="saves counted", response_time=0,
                                response_length=0, response=None, context={},
                                exception=AssertionError(f"version {seen}, expected "
                                                         f"{writes[screening_id]}"))
        self.request("POST", judge["action"], "judge POST", 302,
                     {**hidden_fields(judge), "judgement": "agree", "chosen_tier": "", "reason": ""})
        acknowledged[screening_id]["edit"] += 1
        page = self.request("GET", result_path, "result GET", 200)
        acknowledged[screening_id]["view"] += 1
        if PATHS.get("confirm"):  # finalising asks for a confirmation on a page of its own
            page = self.request("GET", PATHS["confirm"].replace("{id}", str(screening_id)),
                                "confirm GET", 200)
            acknowledged[screening_id]["view"] += 1
        finalise = form_with(page.text, PATHS["finalise"].replace("{id}", str(screening_id)))
        self.request("POST", finalise["action"], "finalise POST", 302, hidden_fields(finalise))
        acknowledged[screening_id]["finalise"] += 1


@events.quitting.add_listener
def write_tally(**_kwargs: Any) -> None:
    with open(TALLY_FILE, "w", encoding="utf-8") as handle:
        json.dump({"created": created, "writes": writes,
                   "events": {str(k): dict(v) for k, v in acknowledged.items()}}, handle)

"""The two sizes the benchmark measures, and its progress lines.

``small`` is the demo's size: `seed_demo` fills the database, and the bench
builders add their own people and a few rows each, including the pages every
run measures (a question with 100 messages, a case with 200 events). ``large``
is the size issue 15 sets: 2,000 members in 50 authorities, 30,000 documents,
600,000 acknowledgements, 200,000 bookings, 20,000 questions and 5,000
complaints with their events.

Builders read their counts from ``people["scale"]``.
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    seed_demo: bool  # run `seed_demo` first (the small scale is the demo's data)
    members: int  # bench members, spread over the authorities
    authorities: int  # the bench district and its parish councils
    documents: int
    acknowledgements: int  # over all bench members (the councillor reads a third of the library)
    sessions: int
    bookings_per_session: int
    questions: int
    askers: int  # councillors with questions (they need user accounts)
    faqs: int
    complaints: int
    notices: int  # published hearing decisions
    cohort: int  # members given the induction pack


SMALL = Scale(
    name="small",
    seed_demo=True,
    members=40,
    authorities=2,
    documents=40,
    acknowledgements=400,
    sessions=20,
    bookings_per_session=10,
    questions=40,
    askers=5,
    faqs=10,
    complaints=30,
    notices=5,
    cohort=20,
)

LARGE = Scale(
    name="large",
    seed_demo=False,
    members=2000,
    authorities=50,
    documents=30_000,
    acknowledgements=600_000,
    sessions=5000,
    bookings_per_session=40,
    questions=20_000,
    askers=100,
    faqs=200,
    complaints=5000,
    notices=300,
    cohort=1000,
)

SCALES = {scale.name: scale for scale in (SMALL, LARGE)}


@contextmanager
def step(label: str):
    """Print what is being made and how long it took, on one line; the step can
    call the function it is given with (done, total) to add a dot every tenth."""
    print(f"  {label} ", end="", flush=True)
    shown = [0]

    def progress(done: int, total: int) -> None:
        tenths = int(10 * done / max(total, 1))
        if tenths > shown[0]:
            print("." * (tenths - shown[0]), end="", flush=True)
            shown[0] = tenths

    started = time.perf_counter()
    yield progress
    print(f" {time.perf_counter() - started:.1f} s", flush=True)

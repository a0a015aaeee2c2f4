"""Synthetic, valid timeline events for benchmarks and large-site tests (fixed seed).

Each event has a title of about eight words, a summary of about 120 words of Markdown,
2 tags, 2 actors and 2 sources; dates run from 1990 to 2025 at mixed precision (most to
the day, some to the month or year); a few events have a status update or related links.
"""

from __future__ import annotations

import random
from pathlib import Path

WORDS = """
defence ministers agreed submarine partnership capability review industrial base
shipyard workforce training nuclear propulsion reactor export controls technology
sharing agreement announced statement officials reported briefing parliament budget
funding billion program schedule delay milestone delivery navy crews rotation port visit
exercise cooperation quantum autonomy hypersonic electronic warfare cyber undersea
capabilities trilateral leaders summit meeting joint communique framework legislation
treaty ratification safeguards inspection agency regional partners allies concerns
criticism analysts estimate costs timeline procurement design construction
""".split()  # noqa: SIM905
TAGS = [f"topic-{i:02d}" for i in range(1, 59)] + ["pillar-1", "pillar-2"]
ACTORS = ["Japan", "Australia", "United Kingdom", "United States"] + [
    f"Official {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(196)
]
PUBLISHERS = [
    "GOV.UK (UK Government)",
    "Reuters",
    "ABC News (Australia)",
    "Defense News",
    "The Guardian",
    "Nikkei Asia",
    "US Department of Defense",
    "ASPI Strategist",
]
KINDS = ["official", "news", "analysis", "news"]
STATUSES = ["confirmed"] * 6 + ["reported"] * 3 + ["denied"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _date(rng: random.Random) -> tuple[str, tuple[int, int, int]]:
    year = rng.randint(1990, 2025)
    roll = rng.random()
    if roll < 0.1:
        return f"{year}", (year, 0, 0)
    month = rng.randint(1, 12)
    if roll < 0.3:
        return f"{year}-{month:02d}", (year, month, 0)
    day = rng.randint(1, 28)
    return f"{year}-{month:02d}-{day:02d}", (year, month, day)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def event_text(rng: random.Random, index: int, ids: list[str]) -> tuple[str, str]:
    """(id, YAML text) of one event."""
    date, (year, month, _day) = _date(rng)
    title_words = [rng.choice(WORDS) for _ in range(7)]
    title = " ".join(title_words).capitalize() + f" {index}"
    slug = "-".join(title_words[:5])
    event_id = f"{date}-{slug}-{index}"
    sentences = []
    count = 0
    while count < 120:
        n = rng.randint(8, 18)
        sentences.append(_sentence(rng, n))
        count += n
    if rng.random() < 0.5:
        sentences[1] = f"**{sentences[1]}**"
    if rng.random() < 0.3:
        sentences[2] = f"[{sentences[2][:-1]}](https://example.org/ref/{index})."
    summary = " ".join(sentences)
    lines = [
        "# yaml-language-server: $schema=../schema/event.schema.json",
        f"title: {_quoted(title)}",
        f'date: "{date}"',
    ]
    has_update = rng.random() < 0.03 and year < 2024
    status = "anticipated" if has_update else rng.choice(STATUSES)
    lines.append(f"status: {status}")
    lines.append("summary: |")
    # wrap at ~95 columns like the real files
    line = ""
    for word in summary.split():
        if len(line) + len(word) + 1 > 95:
            lines.append("  " + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append("  " + line)
    tags = rng.sample(TAGS, 2)
    actors = rng.sample(ACTORS, 2)
    if index == 0:  # the tags and actor that content/threads/ introduces must exist
        tags, actors = (
            ["pillar-1", "pillar-2"],
            ["Japan", actors[0] if actors[0] != "Japan" else "Australia"],
        )
    elif index == 1:
        tags = ["context", tags[0] if tags[0] != "context" else tags[1]]
    lines.append(f"tags: [{', '.join(tags)}]")
    lines.append(f"actors: [{', '.join(actors)}]")
    if ids and rng.random() < 0.1:
        lines.append(f"related: [{rng.choice(ids)}]")
    lines.append("sources:")
    kinds: list[str] = []
    for s in range(2):
        publisher = rng.choice(PUBLISHERS)
        lines += [
            f"  - url: https://example.org/{year}/{index}/source-{s}",
            f"    title: {_quoted(_sentence(rng, 8)[:-1])}",
            f"    publisher: {publisher}",
        ]
        if month:
            lines.append(f'    date: "{date}"')
        kind = rng.choice(KINDS)
        if s == 1 and status == "confirmed" and kinds == ["analysis"] and kind == "analysis":
            kind = "official"  # confirmed rests on a source that can confirm it
        kinds.append(kind)
        lines.append(f"    kind: {kind}")
        if rng.random() < 0.5:
            lines.append(f"    quote: {_quoted(_sentence(rng, 20))}")
    if has_update:
        lines += [
            "updates:",
            f'  - date: "{year + 1}"',
            "    status: confirmed",
            f"    note: {_quoted(_sentence(rng, 25))}",
            "    sources:",
            f"      - url: https://example.org/{year + 1}/{index}/update",
            f"        title: {_quoted(_sentence(rng, 6)[:-1])}",
            f"        publisher: {rng.choice(PUBLISHERS)}",
        ]
    return event_id, "\n".join(lines) + "\n"


def write_events(folder: Path, count: int, seed: int = 20261128) -> list[Path]:
    """Write `count` events into `folder` (created; existing .yaml files are removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    rng = random.Random(seed)
    ids: list[str] = []
    paths = []
    for index in range(count):
        event_id, text = event_text(rng, index, ids)
        ids.append(event_id)
        path = folder / f"{event_id}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths

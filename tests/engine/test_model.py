"""Partial dates: parsing, display at their precision, sorting, ranges; slugs."""

from __future__ import annotations

import pytest

from pelican.plugins.timeline.reading.model import DateError, PartialDate, display_range, slugify


@pytest.mark.parametrize(
    ("text", "shown", "precision"),
    [
        ("2024", "2024", "year"),
        ("2024-03", "March 2024", "month"),
        ("2024-03-02", "2 March 2024", "day"),
        ("0800-12-25", "25 December 800", "day"),
    ],
)
def test_dates_display_at_their_precision(text: str, shown: str, precision: str) -> None:
    date = PartialDate.parse(text)
    assert date.display() == shown
    assert date.precision == precision
    assert date.iso() == text


def test_month_only_never_reads_as_first_of_month() -> None:
    assert "1 March" not in PartialDate.parse("2024-03").display()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "February 2024 has 29 days"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("2024-13", "the month must be 01 to 12"),
        ("24-03-02", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024/03/02", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("20240302", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("March 2024", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_bad_dates_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        PartialDate.parse(text)


def test_sorting_puts_a_year_before_its_months_and_a_month_before_its_days() -> None:
    texts = ["2024-03-02", "2024-03", "2024", "2023-12-31", "2024-03-01", "2024-04"]
    ordered = sorted((PartialDate.parse(t) for t in texts), key=PartialDate.sort_key)
    assert [d.iso() for d in ordered] == [
        "2023-12-31", "2024", "2024-03", "2024-03-01", "2024-03-02", "2024-04"]


@pytest.mark.parametrize(
    ("start", "end", "approximate", "shown"),
    [
        ("2025-07-16", "2025-07-17", False, "16–17 July 2025"),
        ("2024-04-03", "2024-05-06", False, "3 April – 6 May 2024"),
        ("2024-02", "2024-05", False, "February – May 2024"),
        ("2024", "2025", False, "2024 – 2025"),
        ("2024-12-30", "2025-01-02", False, "30 December 2024 – 2 January 2025"),
        ("2024-03", None, True, "c. March 2024"),
        ("2024-03", "2024-03-10", False, "March 2024 – 10 March 2024"),
    ],
)
def test_ranges(start: str, end: str | None, approximate: bool, shown: str) -> None:
    assert display_range(PartialDate.parse(start), PartialDate.parse(end) if end else None,
                         approximate) == shown


def test_first_and_last_days() -> None:
    assert str(PartialDate.parse("2024-02").last_day()) == "2024-02-29"
    assert str(PartialDate.parse("2024").first_day()) == "2024-01-01"
    assert str(PartialDate.parse("2024").last_day()) == "2024-12-31"


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Mira Rapp-Hooper", "mira-rapp-hooper"), ("Élysée", "elysee"),
     ("United States", "united-states"), ("../etc/passwd", "etc-passwd")],
)
def test_slugs_are_path_safe(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_names_without_latin_letters_get_a_stable_slug() -> None:
    slug = slugify("岸田文雄")
    assert slug == slugify("岸田文雄")
    assert slug.startswith("n-") and all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert slugify("Kishida 岸田") != slugify("Kishida")

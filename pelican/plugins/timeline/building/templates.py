"""The timeline's own Jinja environment.

The timeline's templates are rendered in an environment of their own, so that what they
need (autoescaping, the engine's filters, the site's overrides of engine templates) never
changes how the site's own templates render. Like Pelican's (`Generator.__init__`), it
takes the site's `JINJA_ENVIRONMENT` (extensions included), `JINJA_FILTERS`,
`JINJA_GLOBALS` and `JINJA_TESTS`, and offers the `!simple/` and `!theme/` prefixes; with
`TIMELINE_THEME = "site"`, `base.html` is a frame that extends the site theme's own
`base.html` (reachable as `!site/base.html`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

from .i18n import Localizer

ENGINE_THEME = Path(__file__).resolve().parent.parent / "theme"
ENGINE_TEMPLATES = ENGINE_THEME / "templates"
SITE_FRAME = ENGINE_THEME / "site-frame"


def _pelican_simple_templates() -> Path:
    import pelican

    return Path(pelican.__file__).resolve().parent / "themes" / "simple" / "templates"


def site_theme_templates(settings: Mapping[str, Any]) -> list[str]:
    """The site theme's template folders, its overrides first (as Pelican looks them up)."""
    theme = os.path.expanduser(os.path.join(str(settings.get("THEME") or ""), "templates"))
    return [*map(str, settings.get("THEME_TEMPLATES_OVERRIDES") or ()), theme]


def engine_template_folders(settings: Mapping[str, Any], site_frame: bool) -> list[str]:
    """Where the timeline's templates come from: the site's overrides of them
    (TIMELINE_SITE_THEME/templates), the frame (site look), the engine's own."""
    folders: list[str] = []
    override = settings.get("TIMELINE_SITE_THEME")
    if override and (Path(override) / "templates").is_dir():
        folders.append(str(Path(override).absolute() / "templates"))
    if site_frame:
        folders.append(str(SITE_FRAME))
    folders.append(str(ENGINE_TEMPLATES))
    return folders


def make_loader(settings: Mapping[str, Any], site_frame: bool) -> BaseLoader:
    simple = FileSystemLoader(str(_pelican_simple_templates()))
    site = ChoiceLoader([FileSystemLoader(site_theme_templates(settings)), simple])
    return ChoiceLoader([
        FileSystemLoader(engine_template_folders(settings, site_frame)),
        PrefixLoader({"!site": site, "!theme": site, "!simple": simple,
                      "!engine": FileSystemLoader(str(ENGINE_TEMPLATES))}),
        site,  # what the site's base.html includes (site look)
    ])


def language_of(context: Context) -> str:
    """The language a page is in: its edition's (timeline pages), its own (a Pelican page
    or article with a `lang`), or the site's DEFAULT_LANG."""
    lang = context.get("timeline_lang")
    if lang:
        return str(lang)
    for name in ("page", "article"):
        item = context.get(name)
        if getattr(item, "lang", None):
            return str(item.lang)
    return str(context.get("DEFAULT_LANG") or "en")


def localizer_of(context: Context) -> Localizer:
    """The page's Localizer: its edition's (set in the context once per edition), or the
    language of the Pelican page or article being rendered."""
    for name in ("page", "article"):
        item = context.get(name)
        if item is not None and getattr(item, "lang", None):
            return Localizer.for_language(str(item.lang),
                                          dict(context.get("timeline_locales") or ()))
    loc = context.get("timeline_localizer")
    if loc is not None:
        return loc  # type: ignore[no-any-return]
    return Localizer.for_language(language_of(context),
                                  dict(context.get("timeline_locales") or ()))


def install_i18n(env: Environment) -> None:
    """gettext for templates (`_()`, `{% trans %}`), and the date filters, in the language
    of the page being rendered (so one environment serves every edition)."""

    # Jinja's "newstyle" gettext, written here so that a page's hundreds of texts cost a
    # dictionary lookup each: the translated text is kept as Markup per language, and
    # filled in (its values escaped) only when it has values.
    @pass_context
    def gettext(context: Context, message: str, **variables: Any) -> str:
        text = localizer_of(context).markup(message)
        if not context.eval_ctx.autoescape:
            text = str(text)
        return text % variables if variables else text

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, n: int,
                 **variables: Any) -> str:
        variables.setdefault("num", n)
        text = localizer_of(context).ngettext(singular, plural, n)
        if context.eval_ctx.autoescape:
            return Markup(text) % variables
        return text % variables

    @pass_context
    def date_text(context: Context, date: Any) -> str:
        return localizer_of(context).date(date)

    @pass_context
    def event_dates(context: Context, event: Any) -> str:
        return localizer_of(context).span(event.date, event.end_date, event.approximate)

    @pass_context
    def year_text(context: Context, year: int) -> str:
        return localizer_of(context).year(year)

    @pass_context
    def era_dates(context: Context, era: Any) -> str:
        return localizer_of(context).era_dates(era.start, era.end)

    def fallback_lang(event: Any, name: str) -> Markup:
        """` lang="en"` on a field shown in the file's language for want of a translation
        (and on quotes, always in the language they were said in)."""
        if name in getattr(event, "fallback", ()) and event.source_lang:
            return Markup(' lang="{}"').format(event.source_lang)
        return Markup("")

    @pass_context
    def quote_lang(context: Context, _source: Any) -> Markup:
        source_lang = context.get("timeline_source_lang")
        if source_lang and source_lang != language_of(context):
            return Markup(' lang="{}"').format(source_lang)
        return Markup("")

    @pass_context
    def script_texts(context: Context) -> Markup:
        return localizer_of(context).script_texts()

    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.globals.update(gettext=gettext, ngettext=ngettext, timeline_script_texts=script_texts)
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # {% trans %} passes values
    env.filters.update({"date_text": date_text, "event_dates": event_dates,
                        "era_dates": era_dates, "year_text": year_text,
                        "fallback_lang": fallback_lang,
                        "quote_lang": quote_lang})


def timeline_environment(settings: Mapping[str, Any], filters: Mapping[str, Any],
                         site_frame: bool = False) -> Environment:
    """A Jinja environment for the timeline's pages: the site's Jinja settings, with
    autoescaping always on (contributed text is escaped unless a template says not)."""
    from pelican.utils import DateFormatter

    options = dict(settings.get("JINJA_ENVIRONMENT") or {})
    options["autoescape"] = True
    env = Environment(loader=make_loader(settings, site_frame), **options)
    env.filters["strftime"] = DateFormatter()
    env.filters.update(settings.get("JINJA_FILTERS") or {})
    env.filters.update(filters)
    env.globals.update(settings.get("JINJA_GLOBALS") or {})
    from pelican.plugins._utils import plugin_enabled

    env.tests["plugin_enabled"] = partial(plugin_enabled, plugin_list=settings.get("PLUGINS"))
    env.tests.update(settings.get("JINJA_TESTS") or {})
    install_i18n(env)
    return env


def uses_engine_theme(settings: Mapping[str, Any]) -> bool:
    """Whether the site's own THEME is the engine's theme (a timeline-first site)."""
    theme = str(settings.get("THEME") or "")
    try:
        return Path(theme).resolve() == ENGINE_THEME
    except OSError:
        return False

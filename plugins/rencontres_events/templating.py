"""What templates can call: dates in words, rendered Markdown, and translations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from babel.dates import get_day_names
from babel.messages.pofile import read_po
from jinja2 import Environment, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from rencontres import dates
from rencontres.listings import Agenda, choices
from rencontres.loader import Site
from rencontres.markup import MarkdownRenderer, first_words
from rencontres.model import Event, Occurrence
from rencontres.rendercache import RenderCache
from rencontres.slugs import slugify
from rencontres.timezones import zone
from rencontres_events.fragments import FragmentStore


class TemplateHelpers:
    """Filters bound to one site and one language; Markdown is rendered once per text."""

    def __init__(self, agenda: Agenda, lang: str, rendered: RenderCache) -> None:
        self.agenda = agenda
        self.site = agenda.site
        self.lang = lang
        self._renderer = MarkdownRenderer()
        self._rendered = rendered
        self._excerpts: dict[tuple[str, int], str] = {}
        self._when: dict[tuple, str] = {}
        self._filter_attributes: dict[str, Markup] = {}
        self._fragments: dict[tuple, tuple[object, Markup]] = {}
        self._store: FragmentStore | None = None
        self._digest: Callable[[Occurrence], bytes] | None = None

    def install(self, env: Environment, translations: Path) -> None:
        """Register the filters, and gettext for the interface language."""
        env.filters.update(
            when=self.when,
            day=lambda value: dates.day(value, self.lang),
            clock=lambda value: dates.clock(value, self.lang),
            weekday_name=lambda index, width: get_day_names(width, locale=self.lang)[index],
            month=lambda value: dates.month(value, self.lang),
            iso=lambda value: value.isoformat(),
            markdown=self.markdown,
            excerpt=self.excerpt,
            slugify=slugify,
        )
        env.globals["filter_data"] = self.filter_data
        env.globals["filter_choices"] = lambda items: choices(items, self.agenda)
        env.globals["remembered"] = self.remembered
        env.globals["kept"] = self.kept
        catalogue = load_catalogue(translations, self.lang)
        env.install_gettext_callables(
            gettext=lambda text: catalogue.get(text) or text,
            ngettext=lambda one, many, n: (
                catalogue.get(one if n == 1 else many) or (one if n == 1 else many)
            ),
            newstyle=True,
        )
        env.globals["_"] = translator(catalogue)

    def when(self, item: Occurrence | Event) -> str:
        """Start and end in words, naming the zone when it differs from the region's.

        Kept per occurrence: one date is shown on its event, region, series and tag pages.
        """
        event = item.event if isinstance(item, Occurrence) else item
        region_zone = zone(self.site.regions[event.region].timezone)
        local_zone = None if event.all_day or event.tz == region_zone else region_zone
        # equal datetimes in different zones read differently: the zones belong in the key
        key = (item.start, item.start.tzinfo, item.end, item.end.tzinfo, event.all_day, local_zone)
        if key not in self._when:
            self._when[key] = dates.when(item.start, item.end, event.all_day, self.lang, local_zone)
        return self._when[key]

    def remembered(
        self, render: Callable[..., str], item: object, *args: object, within: str = ""
    ) -> Markup:
        """A fragment (an event's card) rendered once per item, arguments and ``within`` (the
        page's depth, which its relative links depend on), however many pages show it."""
        key = (id(item), getattr(render, "name", render), args, within)
        found = self._fragments.get(key)
        if found is None or found[0] is not item:  # the item is kept: its id stays its own
            found = (item, Markup(render(item, *args)))
            self._fragments[key] = found
        return found[1]

    def keep_fragments(self, store: FragmentStore, digest: Callable[[Occurrence], bytes]) -> None:
        """Keep ``kept`` fragments in ``store``, known by their occurrence's ``digest``."""
        self._store, self._digest = store, digest

    def kept(
        self, render: Callable[..., str], occurrence: Occurrence, *args: object, within: str = ""
    ) -> Markup:
        """A fragment showing one occurrence (an archive row), kept between builds: rendered
        only when the occurrence's digest, the macro, its arguments or ``within`` are new."""
        if self._store is None or self._digest is None:
            return Markup(render(occurrence, *args))
        name = getattr(render, "name", render)
        key = f"{name}|{args!r}|{within}|{self._digest(occurrence).hex()}"
        found = self._store.get(key)
        if found is None:
            found = self._store.put(key, str(render(occurrence, *args)))
        return Markup(found)  # rendered by our templates, escaped there

    def forget_fragments(self) -> None:
        """Let go of the cards kept for other pages, once every page is written."""
        self._fragments.clear()

    def markdown(self, text: str) -> Markup:
        """Sanitised HTML of a Markdown text, rendered once however often it is shown."""
        return Markup(self._rendered.html(text, self._renderer.render))

    def filter_data(self, occurrence: Occurrence) -> Markup:
        """The ``data-*`` attributes the filters read on a card or an archive row: its dates,
        then its event's values. A function, not a macro: the archive calls it 10,000 times."""
        start, end = escape(occurrence.start.isoformat()), escape(occurrence.end.isoformat())
        dated = Markup(f'data-start="{start}" data-end="{end}" ')  # names are ours
        return dated + self._filter_attributes_of(occurrence.event)

    def _filter_attributes_of(self, event: Event) -> Markup:
        """An event's filter attributes, built once per event, not per card."""
        if event.slug not in self._filter_attributes:
            values = _filter_values(event, self.site)
            pairs = (f'data-{name}="{escape(value)}"' for name, value in values.items())
            self._filter_attributes[event.slug] = Markup(" ".join(pairs))  # names are ours
        return self._filter_attributes[event.slug]

    def excerpt(self, event: Event, words: int = 30) -> str:
        """The event's summary, or the first words of its text (computed once per event)."""
        key = (event.slug, words)
        if key not in self._excerpts:
            text = event.summary or first_words(self.markdown(event.body), words)
            self._excerpts[key] = text
        return self._excerpts[key]


def translator(catalogue: dict[str, str]) -> Callable[..., str]:
    """Templates' ``_()``: Jinja's new-style gettext, each plain string translated and
    escaped once rather than on each of its thousands of calls.

    As Jinja's, it escapes the variables it formats in and returns markup where
    autoescaping is on, and reads ``%%`` as ``%`` even without variables.

    >>> from jinja2 import Environment
    >>> env = Environment(autoescape=True)
    >>> env.globals["_"] = translator({"Carte de %(region)s": "Map of %(region)s"})
    >>> env.from_string('{{ _("Carte de %(region)s", region="<b>") }} {{ _("100 %%") }}').render()
    'Map of &lt;b&gt; 100 %'
    >>> env.from_string('{% autoescape false %}{{ _("Carte de %(region)s", region="<b>") }}'
    ...                 '{% endautoescape %}').render()
    'Map of <b>'
    """
    plain: dict[str, Markup] = {}

    @pass_eval_context
    def translate(context: EvalContext, text: str, **variables: object) -> str:
        if context.autoescape and not variables:
            if text not in plain:
                plain[text] = Markup(catalogue.get(text) or text) % {}
            return plain[text]
        translated = catalogue.get(text) or text
        return (Markup(translated) if context.autoescape else translated) % variables

    return translate


def _filter_values(event: Event, site: Site) -> dict[str, str]:
    """What list filters match an event's card on: its regions, series, tags, attendance."""
    return {
        "region": " ".join(site.regions.lineage(event.region)),
        "series": event.series or "",
        "tags": " ".join(slugify(tag) for tag in event.tags),
        "attendance": " ".join(event.ways_to_attend),
    }


def load_catalogue(folder: Path, lang: str) -> dict[str, str]:
    """Translations of the French interface strings; French itself needs none."""
    path = folder / lang / "LC_MESSAGES" / "messages.po"
    if lang == "fr" or not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    found: dict[str, str] = {}
    for message in catalog:
        if message.fuzzy:
            continue  # an unreviewed guess from `pybabel update` is not a translation
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found.update((i, s) for i, s in zip(ids, strings, strict=False) if i and s)
    return found

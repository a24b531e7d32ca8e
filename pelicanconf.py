"""Development settings: `make html`, `make serve`. Publishing adds publishconf.py."""

import os

AUTHOR = "Rencontres"
SITENAME = "Rencontres"
SITESUBTITLE = "Les rencontres des communautés du web, au Québec et en France"
# Pages link to each other relatively (RELATIVE_URLS), so the site works at any path;
# SITEURL only gives calendars and webcal links an absolute address: the local server.
SITEURL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
PATH = "content"
THEME = "theme"
DEFAULT_LANG = "fr"
TIMEZONE = "America/Toronto"

# Rencontres writes every page itself; Pelican's articles and pages are off.
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["rencontres_events", "rencontres_search"]  # search reads what events writes
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
STATIC_PATHS: list[str] = []  # only images content refers to are published, checked, by the plugin
RELATIVE_URLS = True
DELETE_OUTPUT_DIRECTORY = (
    False  # rebuilds keep unchanged files; rencontres_events removes stale ones
)
ARTICLE_SAVE_AS = PAGE_SAVE_AS = DRAFT_SAVE_AS = ""
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
JINJA_ENVIRONMENT = {
    "extensions": ["jinja2.ext.i18n"],
    "autoescape": True,  # contributors' text is untrusted: escape everything not marked safe
    "trim_blocks": True,
    "lstrip_blocks": True,
}

# Rencontres settings (see plugins/rencontres_events/settings.py).
EVENTS_STRICT = False
EVENTS_DEFAULT_DURATION = 120  # minutes, for a timed event without an end
EVENTS_NOW = None  # ISO 8601 with an offset to freeze "now"; None uses the build clock

# Calendars (see rencontres/ical.py). The UID domain must never change once published.
ICAL_UID_DOMAIN = "rencontres.example.org"
ICAL_REFRESH_HOURS = 12
ICAL_PAST_DAYS = 90

"""The front-matter schema: which fields each kind of file has, and how each is read.

This table is the contributor's interface; ``docs/content.md`` documents it.
"""

from __future__ import annotations

from rencontres import fields as f
from rencontres.fields import FieldSpec

EVENT_FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec(f.text, required=True),
    "start": FieldSpec(f.moment, required=True),
    "end": FieldSpec(f.moment),
    "timezone": FieldSpec(f.timezone_name),
    "region": FieldSpec(f.text, required=True),
    "city": FieldSpec(f.text),
    "venue": FieldSpec(f.venue),
    "online": FieldSpec(f.web_url),
    "series": FieldSpec(f.text),
    "tags": FieldSpec(f.tags),
    "status": FieldSpec(f.status),
    "organizer": FieldSpec(f.organizer),
    "registration": FieldSpec(f.web_url),
    "price": FieldSpec(f.text),
    "summary": FieldSpec(f.text),
    "image": FieldSpec(f.image_path),
    "lang": FieldSpec(f.language),
    "recurrence": FieldSpec(f.recurrence),
    "slug": FieldSpec(f.slug),
    "uid": FieldSpec(f.uid),
    "visibility": FieldSpec(f.visibility),
}

RECAP_FIELDS: dict[str, FieldSpec] = {
    "title": FieldSpec(f.text, required=True),
    "date": FieldSpec(f.day, required=True),
    "event": FieldSpec(f.text, required=True),
    "author": FieldSpec(f.text),
    "attendees": FieldSpec(f.count),
    "photos": FieldSpec(f.image_paths),
    "tags": FieldSpec(f.tags),
    "slug": FieldSpec(f.slug),
}

REGION_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(f.text, required=True),
    "parent": FieldSpec(f.text),
    "timezone": FieldSpec(f.timezone_name),
    "description": FieldSpec(f.markdown_text),
    "lat": FieldSpec(f.latitude),
    "lon": FieldSpec(f.longitude),
    "radius_km": FieldSpec(f.count),
}

SERIES_FIELDS: dict[str, FieldSpec] = {
    "name": FieldSpec(f.text, required=True),
    "region": FieldSpec(f.text, required=True),
    "description": FieldSpec(f.markdown_text),
    "organizer": FieldSpec(f.organizer),
    "venue": FieldSpec(f.venue),
}

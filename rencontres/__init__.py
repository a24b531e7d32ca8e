"""Rencontres' domain core: events, regions, series and recaps, with no Pelican in it.

The Pelican plugin in ``plugins/rencontres_events`` is a thin layer over this
package; the validator (``rencontres-validate``) and the tests use it directly.
"""

"""Production settings: `make publish`. Strict: any content error fails the build.

Set SITEURL in the environment for the host, e.g. SITEURL=https://example.org/community
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *

SITEURL = os.environ.get("SITEURL", "https://rencontres.example.org")
if "SITEURL" not in os.environ:
    print(f"publishconf: SITEURL is not set; links will point to {SITEURL}", file=sys.stderr)
RELATIVE_URLS = False
EVENTS_STRICT = True

"""Portal settings with their defaults: the service-points map (docs/deploy.md).

config/settings.py fills them from the environment (README, "Configuration"); read them here.
"""

from urllib.parse import urlsplit

from django.conf import settings

# The map's tiles: an OpenStreetMap-compatible URL template ({z}/{x}/{y}, optionally {s} for subdomains).
# On an intranet point it at the centre's own tile server, or at nothing reachable: the list still works.
MAP_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# The attribution the tiles' licence asks for, shown on the map (plain text).
MAP_ATTRIBUTION = "© OpenStreetMap contributors"


def map_tiles() -> str:
    return str(getattr(settings, "MOTCUA_MAP_TILES", MAP_TILES))


def map_attribution() -> str:
    return str(getattr(settings, "MOTCUA_MAP_ATTRIBUTION", MAP_ATTRIBUTION))


def map_tile_origin() -> str | None:
    """The origin the map's images come from, for the page's Content-Security-Policy `img-src`: None for tiles
    on this server (a path), `https://*.example.org` when the template names subdomains with {s}."""
    parts = urlsplit(map_tiles())
    if not parts.scheme or not parts.netloc:
        return None
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"

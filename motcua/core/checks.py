from urllib.parse import urlsplit

from django.core.checks import Warning, register

from .conf import demo, public_url

LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}  # noqa: S104 - names compared, nothing bound


@register("core", deploy=True)
def public_url_set(app_configs, **kwargs):
    """Printed QR codes, notifications and password-reset links point at MOTCUA_PUBLIC_URL: outside the demo, an
    address only the server itself can reach makes every one of them a dead link."""
    if demo() or urlsplit(public_url()).hostname not in LOOPBACK:
        return []
    return [
        Warning(
            f"MOTCUA_PUBLIC_URL is {public_url()}: QR codes on printed forms and links in messages lead nowhere.",
            hint="Set MOTCUA_PUBLIC_URL to the address citizens use, e.g. https://motcua.example.gov.vn.",
            id="core.W001",
        )
    ]

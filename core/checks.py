"""Deploy checks for what Django's own cannot see: its middleware, as our thread-free subclasses.

Django's security.W001/W002/W003 look for `django.middleware.*` paths by name, so they are
silenced in settings and checked here for the subclasses in core/middleware.py instead.
"""

from django.conf import settings
from django.core.checks import Tags, Warning, register

REPLACED = {
    "security.W001": "core.middleware.SecurityMiddleware",
    "security.W002": "core.middleware.XFrameOptionsMiddleware",
    "security.W003": "core.middleware.CsrfViewMiddleware",
}


@register(Tags.security, deploy=True)
def security_middleware_in_place(app_configs, **kwargs):
    """Warn when a middleware standing in for one of Django's security middleware is missing."""
    return [
        Warning(
            f"{path} is not in MIDDLEWARE (it stands in for Django's, {check}).", id="core.W001"
        )
        for check, path in REPLACED.items()
        if path not in settings.MIDDLEWARE
    ]

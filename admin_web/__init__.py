"""The admin web (aiohttp): sign-in, the dashboard, health, and the foundation later pages build on.

``create_app`` builds the application; views use ``require_login`` / ``require_role`` from
``admin_web.auth`` and render through ``admin_web.pages.render``.
"""

from admin_web.app import create_app
from admin_web.security import exempt_from_csrf

__all__ = ["create_app", "exempt_from_csrf"]

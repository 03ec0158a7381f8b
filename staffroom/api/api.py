"""The JSON API: one NinjaAPI mounted at /api/, its version-1 routes under /api/v1/, its schema at
/api/openapi.json and its documentation at /api/docs, served from our own static files."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from .auth import TokenAuth
from .errors import StrictJSONParser, install_handlers
from .routers import learning, metrics, network, staff


class LocalSwagger(Swagger):
    # Our own page: lang, a heading and the stylesheet and scripts from our origin, so it passes the CSP.
    template = "api/docs.html"


api = NinjaAPI(
    title="Staffroom API",
    version="1",
    description=str(
        _(
            "Read and write Staffroom data with a personal token or a school integration token, sent as "
            "`Authorization: Bearer <token>`. See docs/api.md."
        )
    ),
    urls_namespace="api",
    auth=TokenAuth(),
    parser=StrictJSONParser(),
    docs=LocalSwagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_handlers(api)

for module in (staff, learning, metrics, network):
    api.add_router("/v1/", module.router)

"""
The launcher's own endpoints, beside moto's under `/moto-api/`:

- `GET /moto-api/listbackup/resource-types`: `{"motoVersion": ..., "resourceTypes": [...]}`, every
  CloudFormation type this emulator creates. A local deploy checks its templates against it first:
  moto skips an unknown type with a log line and still reports CREATE_COMPLETE.

moto internals relied on: `moto.moto_api._internal.urls.url_paths` (read when the server builds its
URL map; a path under `/moto-api` is routed there by `moto_server/werkzeug_app.py`).
"""
import json

import moto
from moto.moto_api._internal import urls


def _resource_types(request, full_url, headers):
    from . import held_resource_types

    body = json.dumps({"launcher": "listbackup-local-aws", "motoVersion": moto.__version__, "resourceTypes": held_resource_types()})
    return 200, {"Content-Type": "application/json"}, body


def install() -> None:
    urls.url_paths["{0}/moto-api/listbackup/resource-types$"] = _resource_types

"""Layering: the domain core imports no AWS SDK, LINE SDK, Chalice, MkDocs or Pillow (it is the cold path)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Every domain module of tsunagu; adapters (store.*, publish.*, line_api, notify, ssm, portal, printkit,
# report, richmenu_render, commands) are deliberately absent.
DOMAIN = [
    "tsunagu.domain.config",
    "tsunagu.domain.decode",
    "tsunagu.domain.schedule",
    "tsunagu.domain.records",
    "tsunagu.catalog",
    "tsunagu.domain.errors",
    "tsunagu.ports.secrets",
    "tsunagu.ports.store",
    "tsunagu.domain.ical",
    "tsunagu.domain.qr",
    "tsunagu.domain.kpi",
    "tsunagu.domain.suppression",
    "tsunagu.domain.richmenu",
    "tsunagu.domain.pseudonym",
    "tsunagu.services.intake.handler",
    "tsunagu.domain.intake.webhook",
    "tsunagu.domain.intake.signature",
    "tsunagu.domain.intake.detection",
    "tsunagu.domain.intake.postback",
    "tsunagu.domain.intake.replies",
]
FORBIDDEN = ("boto3", "botocore", "linebot", "chalice", "mkdocs", "PIL", "matplotlib", "yaml", "holidays")


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_module_imports_nothing_heavy(module):
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                       text=True).stdout)
    heavy = sorted({name.split(".")[0] for name in loaded} & set(FORBIDDEN))
    assert not heavy, f"{module} pulls in {heavy}; import them lazily inside the adapter that needs them"

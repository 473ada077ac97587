"""The report's domain modules (kpi, suppression) stay plain Python: no plotting, AWS or YAML on import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

FORBIDDEN = ("boto3", "botocore", "linebot", "chalice", "mkdocs", "PIL", "matplotlib", "yaml", "holidays")


@pytest.mark.parametrize("module", ["tsunagu.domain.kpi", "tsunagu.domain.suppression", "tsunagu.ports.publisher"])
def test_domain_and_port_modules_import_nothing_heavy(module):
    code = f"import json, sys; import {module}; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                       text=True).stdout)
    assert not sorted({name.split(".")[0] for name in loaded} & set(FORBIDDEN))

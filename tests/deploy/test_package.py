"""scripts/package: one list of the Lambda's requirements, and refusals that say what to do."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tsunagu.domain.errors import PackageError

REPO = Path(__file__).resolve().parents[2]


def test_a_bad_programme_stops_packaging_before_anything_is_written(package_script, programs_copy, tmp_path, capsys):
    kita = programs_copy / "kita.yml"
    kita.write_text(kita.read_text(encoding="utf-8").replace("- id: kita-women", "- id: Kita Women", 1),
                    encoding="utf-8")
    vendor = tmp_path / "vendor"
    code = package_script.main(["--programs", str(programs_copy), "--out", str(tmp_path / "out"),
                                "--vendor", str(vendor)])
    assert code == 1
    err = capsys.readouterr().err
    assert "nothing was packaged" in err and "kita.yml:" in err
    assert not vendor.exists() and not (tmp_path / "out").exists()


def test_chalice_requirements_repeat_the_lambda_extra_exactly(package_script):
    lines = (REPO / "functions" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    listed = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert listed == package_script.lambda_requirements(), \
        "functions/requirements.txt must list pyproject's `lambda` extra, in the same order"


def test_the_lambda_extra_leaves_out_the_laptops_packages():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {r.split(">")[0].split("=")[0].split("[")[0].strip().lower() for r in extras["lambda"]}
    assert not names & {"line-bot-sdk", "pyyaml", "holidays", "boto3", "chalice", "mkdocs", "pillow"}


def test_a_package_the_lambda_never_imports_is_refused(package_script, tmp_path):
    (tmp_path / "yaml").mkdir()
    (tmp_path / "pydantic").mkdir()
    with pytest.raises(PackageError, match=r"pydantic, yaml would be shipped to the Lambda"):
        package_script.check_vendor(tmp_path)


def test_a_requirement_without_a_lambda_wheel_names_the_extra(package_script, tmp_path):
    with pytest.raises(PackageError, match=r"check pyproject's `lambda` extra"):
        package_script.pip_install(["no-such-package-for-tsunagu>=1"], tmp_path / "vendor")

"""scripts/package refuses, with a message that says what to do, what would break on Lambda."""

from __future__ import annotations

import pytest

from tsunagu.domain.errors import PackageError


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


def test_a_build_time_package_may_not_reach_the_lambda(package_script):
    with pytest.raises(PackageError, match="matplotlib is a build-time package"):
        package_script.runtime_closure(["matplotlib"])


def test_a_missing_package_names_the_pip_command(package_script):
    with pytest.raises(PackageError, match=r"pip install 'no-such-package-for-tsunagu>=1'"):
        package_script.runtime_closure(["no-such-package-for-tsunagu>=1"])


def test_the_runtime_closure_leaves_out_what_lambda_provides(package_script):
    names = {d.metadata["Name"].lower() for d in package_script.runtime_closure(package_script.requirement_roots())}
    assert {"pyyaml", "holidays", "line-bot-sdk", "tzdata"} <= names
    assert not names & {"boto3", "botocore", "s3transfer", "jmespath", "mkdocs", "pillow", "icalendar"}

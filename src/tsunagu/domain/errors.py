"""Every failure tsunagu reports, one class each; entry points map them to exit codes or HTTP statuses."""

from __future__ import annotations

from dataclasses import dataclass


class TsunaguError(Exception):
    """Base of every error tsunagu raises on purpose."""


@dataclass(frozen=True)
class ConfigProblem:
    """One problem in a programme file, printed as `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class ConfigError(TsunaguError):
    """The programme config is invalid; carries every problem found, in file order."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line))
        super().__init__("\n".join(map(str, self.problems)))


class UnknownChannelError(TsunaguError, KeyError):
    """No programme declares a channel with this id."""

    def __str__(self) -> str:
        return f"unknown channel {self.args[0]!r}; run 'tsunagu check' to list the channels"


class HolidayTableError(TsunaguError, ValueError):
    """A date outside the public-holiday table (scripts/holidays-table makes it): tsunagu does not guess."""

    def __init__(self, year: int, first: str, last: str) -> None:
        super().__init__(f"{year} is outside tsunagu's Japanese holiday table ({first}-{last}); pick a date in "
                         "that range, or extend the table with scripts/holidays-table")


class CatalogueError(TsunaguError):
    """A message catalogue's compiled JSON twin is missing or older than its YAML (run scripts/catalogues)."""


class AppNotFoundError(TsunaguError):
    """`tsunagu serve` was pointed at a Chalice app file that is not there."""


class PublishError(TsunaguError):
    """A public file (schedule, open data) could not be written to the folder or bucket."""


class ReportError(TsunaguError):
    """The report cannot be made from this input (unknown ward, bad month range)."""


class SignatureError(TsunaguError):
    """A webhook's X-Line-Signature is missing or does not match the channel secret."""


class MalformedWebhookError(TsunaguError):
    """A webhook body is not JSON, or lacks a field LINE always sends; names the field."""


class BodyTooLargeError(TsunaguError):
    """A webhook body is over the intake's size limit (1 MiB)."""


class UnknownPlacementError(TsunaguError, KeyError):
    """No programme declares a placement with this id (or it does not count scans)."""


class RichMenuError(TsunaguError):
    """A rich menu LINE would refuse (a label too long, too many buttons, a size LINE does not take)."""


class RichMenuDeployError(TsunaguError):
    """The LINE API refused or could not be reached while creating, uploading or setting the rich menu."""


class HandoffLogError(TsunaguError):
    """A staff hand-off log the programme config does not allow (unknown partner, bad count or date)."""


class ActivityLogError(TsunaguError):
    """A staff activity log the ward's programme file does not allow (unknown activity, place, measure, date)."""


class InsightError(TsunaguError):
    """LINE's follower count could not be stored: LINE was unreachable, refused, or has no figure for the day."""


class PrintError(TsunaguError):
    """The print kit cannot be built; nothing was written."""


class FontMissingError(TsunaguError):
    """The font a layout, the rich menu or a chart asks for is not installed."""


class LayoutError(PrintError):
    """A print layout file (assets/posters/*.yml or a TSUNAGU_POSTERS folder) is invalid."""


class TextDoesNotFitError(PrintError):
    """A text does not fit its box even at the layout's minimum size."""


class QrTooSmallError(PrintError):
    """The printed QR code's modules would be smaller than 0.4 mm."""


class PlaceholderChannelError(PrintError):
    """A channel to print still has a sample LINE ID and --sample was not given."""


class QrDoesNotScanError(PrintError):
    """A rendered QR code did not decode to its payload after a degradation."""


class SiteDeployError(TsunaguError):
    """The built site could not be uploaded to its S3 bucket (bad target, missing build, AWS error)."""


class PackageError(TsunaguError):
    """The deployment package could not be built (a dependency unfit for the Lambda runtime, chalice failed)."""


class UnknownWardError(PrintError, KeyError):
    """No programme file has this ward id."""

    def __str__(self) -> str:
        return f"unknown ward {self.args[0]!r}; run 'tsunagu check' to list the wards"


class SiteBuildError(TsunaguError):
    """MkDocs refused to build the site (a broken link or a warning in strict mode); the old site is kept."""

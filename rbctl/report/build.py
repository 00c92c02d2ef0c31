"""Build the report files of one or more units: load, score, build the context, render, write.

Returns what was written and what was skipped; raises :class:`BuildError` (message, hint,
exit code) when nothing sensible can be built. Never prints.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from rbctl.models import Answers, WorkspaceConfig
from rbctl.problems import Problem, Severity
from rbctl.report.context import ChildScore, Ctx, ReportInput, build_context
from rbctl.report.errors import TemplateRenderError
from rbctl.report.gate import check_records, problem_line
from rbctl.report.periods import ReportPeriod, period_for
from rbctl.report.provenance import Provenance, detect
from rbctl.rubric import Rubric
from rbctl.rubricload import load_rubric
from rbctl.scoring import ScoreResult, score
from rbctl.textsafe import scrub
from rbctl.workspace import Unit, Workspace, children_of, load_workspace, unit_folders
from rbctl.writer import UnsafeWriteError, atomic_write_bytes

FORMATS = ("md", "html", "docx", "pdf", "xlsx")
EXIT_PROBLEMS, EXIT_USAGE = 1, 2


class BuildError(Exception):
    def __init__(self, message: str, hint: str = "", code: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.message, self.hint, self.code = message, hint, code

    def __reduce__(self) -> tuple[type[BuildError], tuple[str, str, int]]:  # whole across processes
        return (BuildError, (self.message, self.hint, self.code))


class RecordsInvalidError(BuildError):
    """The reported units' records have validate errors: no report (unless a draft)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"Laporan tidak dibuat: {len(problems)} galat pada catatan unit yang dilaporkan.",
                         "Perbaiki galatnya (periksa dengan `rbctl validate`), atau buat draf dengan `--draft`.")
        self.problems = problems

    def __reduce__(self) -> tuple[type[RecordsInvalidError], tuple[list[Problem]]]:  # type: ignore[override]
        return (RecordsInvalidError, (self.problems,))


@dataclass(frozen=True)
class BuildRequest:
    root: Path
    period: str  # "1", "2" or "tahunan"
    out: Path
    year: int | None = None
    units: list[str] | None = None  # None: every unit
    formats: tuple[str, ...] = FORMATS
    as_of: dt.date | None = None
    final: bool = False
    formats_explicit: bool = False  # the user named the formats (pdf unavailable is then an error)
    provenance: Provenance | None = None  # the git state, when already read (reports of many units)
    draft: bool = False  # build even from records with errors, marked "DRAF" on every page
    checked: bool = False  # the records were validated already (see :func:`gate`)
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # per unit: what a draft lists


@dataclass(frozen=True)
class BuiltFile:
    unit: str
    format: str
    path: Path


@dataclass
class BuildResult:
    files: list[BuiltFile] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # unit, message, hint
    provenance: Provenance | None = None
    warnings: list[str] = field(default_factory=list)  # what the terminal shows and a draft lists


def pdf_unavailable() -> str | None:
    """Why PDF cannot be made here (WeasyPrint or its system libraries missing), or None."""
    try:
        with warnings.catch_warnings():  # a missing optional library is announced as a DeprecationWarning
            warnings.simplefilter("ignore")
            import weasyprint  # noqa: F401
    except ImportError:
        return "WeasyPrint tidak terpasang"
    except OSError as exc:  # the Python package is there, its Pango libraries are not
        return f"pustaka sistem WeasyPrint tidak ditemukan ({exc})"
    return None


def fixed_zip(data: bytes, day: dt.date) -> bytes:
    """Rewrite a docx/xlsx (zip) with every entry dated ``day``: same inputs, same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(max(day.year, 1980), day.month, day.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def file_name(unit_id: str, period: ReportPeriod, fmt: str) -> str:
    return f"laporan-rb-{unit_id}-{period.year}-{period.code}.{fmt}"


def _first_error(problems: list[Problem]) -> Problem | None:
    errors = sorted(p for p in problems if p.severity == Severity.ERROR)
    return errors[0] if errors else None


def _score(rubric: Rubric, answers: Answers | None) -> ScoreResult | None:
    return score(rubric, answers) if answers is not None else None


def _children(ws: Workspace, unit: Unit, rubric: Rubric, year: int) -> list[ChildScore]:
    out = []
    for other in sorted(ws.units.values(), key=lambda u: u.id):
        if other.profile is None or other.profile.record.induk != unit.id:
            continue
        answers = other.answers.get(year)
        out.append(ChildScore(other.id, other.name, _score(rubric, answers.record if answers else None)))
    return out


Renderer = Callable[[Ctx, "ReportJob"], bytes]


@dataclass
class ReportJob:
    """One unit's report: its input, its context and where files go."""

    request: BuildRequest
    input: ReportInput
    context: Ctx
    answers: Answers | None


def _render(fmt: str, job: ReportJob) -> bytes:
    ctx, root = job.context, job.request.root
    if fmt == "md":
        from rbctl.report.render_text import render_md

        return render_md(ctx, root).encode("utf-8")
    if fmt == "html":
        from rbctl.report.render_text import render_html

        return render_html(ctx, root).encode("utf-8")
    if fmt == "pdf":
        from rbctl.report.render_pdf import render_pdf
        from rbctl.report.render_text import render_html

        return render_pdf(render_html(ctx, root), base=root)
    if fmt == "docx":
        from rbctl.report.render_docx import render_docx

        return fixed_zip(render_docx(ctx, job.input.date), job.input.date)
    if fmt == "xlsx":
        from rbctl.report.lazyimport import render_xlsx_module

        inp = job.input
        data = render_xlsx_module().render_xlsx(ctx, inp.rubric, job.answers, inp.unit, inp.period, inp.date)
        return fixed_zip(data, inp.date)
    raise ValueError(fmt)


def _load(req: BuildRequest) -> tuple[Workspace, WorkspaceConfig, Rubric]:
    # A report of some units reads those units and their children (a province's recap), not
    # the whole workspace.
    only = None if req.units is None else set(req.units) | children_of(req.root, set(req.units))
    ws = load_workspace(req.root, only_units=only)
    first = _first_error(ws.problems)
    if ws.config is None:
        detail = f" {first.path}:{first.line}: {first.message}" if first else ""
        raise BuildError(f"rbctl.yaml tidak dapat dibaca.{detail}", "Perbaiki dulu; periksa dengan `rbctl validate`.")
    if first is not None and not req.draft:
        raise BuildError(f"{first.path}:{first.line}:{first.column}: {first.message}",
                         "Perbaiki dulu; periksa dengan `rbctl validate`.")
    config = ws.config.record
    rubric_load = load_rubric(config.rubrik, base=req.root)
    if rubric_load.rubric is None:
        first = _first_error(rubric_load.problems) or (rubric_load.problems[0] if rubric_load.problems else None)
        detail = f" {first.path}:{first.line}: {first.message}" if first else ""
        raise BuildError(f"Rubrik `{config.rubrik}` tidak dapat dipakai.{detail}",
                         "Periksa dengan `rbctl rubric check`.")
    return ws, config, rubric_load.rubric


def _targets(req: BuildRequest, ws: Workspace) -> list[str]:
    if req.units is None:
        targets = sorted(ws.units)
    else:
        unknown = [u for u in req.units if u not in ws.units]
        if unknown:
            known = ", ".join(f.name for f in unit_folders(req.root)) or "(belum ada)"
            raise BuildError(f"Unit `{unknown[0]}` tidak ada di folder units/.", f"Unit yang ada: {known}.",
                             EXIT_USAGE)
        targets = list(dict.fromkeys(req.units))
    if not targets:
        raise BuildError("Ruang kerja belum memiliki unit.", "Buat folder units/<id>/ dengan unit.yaml.", EXIT_USAGE)
    return targets


def _formats(req: BuildRequest, notices: list[str]) -> list[str]:
    formats = list(dict.fromkeys(req.formats))
    if "pdf" in formats:
        why = pdf_unavailable()
        if why is not None:
            if req.formats_explicit:
                raise BuildError(f"PDF tidak dapat dibuat: {why}.",
                                 "Pasang dengan `pip install 'rbctl[pdf]'` (Debian juga perlu paket "
                                 "libpango-1.0-0 dan libpangoft2-1.0-0), atau pilih format lain.", EXIT_USAGE)
            formats.remove("pdf")
            notices.append(f"PDF dilewati: {why}. Pasang dengan `pip install 'rbctl[pdf]'`.")
    return formats


def _provenance(req: BuildRequest) -> Provenance:
    provenance = detect(req.root, exclude=[req.out])
    if req.final:
        if not provenance.in_git or provenance.commit is None:
            raise BuildError("--final menolak membuat dokumen: ruang kerja tidak berada dalam repositori git "
                             "yang sudah memiliki commit, sehingga asal datanya tidak tercatat.",
                             "Simpan ruang kerja dalam git dan commit, lalu ulangi.")
        if provenance.dirty:
            raise BuildError("--final menolak membuat dokumen: ada perubahan yang belum di-commit di ruang kerja.",
                             "Commit (atau batalkan) perubahan itu, lalu ulangi; `git status` menunjukkan berkasnya.")
    return provenance


def report_targets(req: BuildRequest) -> list[str]:
    return list(dict.fromkeys(req.units)) if req.units is not None else [f.name for f in unit_folders(req.root)]


def gate(req: BuildRequest) -> tuple[BuildRequest, list[str]]:
    """Validate the reported units: raise :class:`RecordsInvalidError` on any error (unless a draft);
    return the request carrying each unit's warnings, and every warning line for the terminal."""
    if req.checked:
        return req, []
    targets = report_targets(req)
    check = check_records(req.root, targets)
    if check.errors and not req.draft:
        raise RecordsInvalidError(check.errors)
    notes = {u: tuple(check.unit_lines(u)) for u in targets}
    lines = [problem_line(p) for p in check.warnings]
    return replace(req, checked=True, notes=notes), lines


def prepare(req: BuildRequest) -> BuildResult:
    """The checks of a run that do not read records (unknown units, PDF available, `--final`),
    and the git state: an empty result carrying the provenance and notices."""
    result = BuildResult()
    _formats(req, result.notices)
    known = {f.name for f in unit_folders(req.root)}
    unknown = [u for u in (req.units or []) if u not in known]
    if unknown:
        raise BuildError(f"Unit `{unknown[0]}` tidak ada di folder units/.",
                         f"Unit yang ada: {', '.join(sorted(known)) or '(belum ada)'}.", EXIT_USAGE)
    result.provenance = req.provenance or _provenance(req)
    return result


def build_reports(req: BuildRequest) -> BuildResult:
    req, warnings = gate(req)
    ws, config, rubric = _load(req)
    year = req.year or config.tahun
    period = period_for(req.period, year)
    day = req.as_of or period.end
    targets = _targets(req, ws)
    result = BuildResult(warnings=warnings)
    formats = _formats(req, result.notices)
    provenance = result.provenance = req.provenance or _provenance(req)
    req.out.mkdir(parents=True, exist_ok=True)
    for unit_id in targets:
        unit = ws.units[unit_id]
        first = None if req.draft else _first_error(unit.problems)
        if first is not None or unit.profile is None:
            where = f"{first.path}:{first.line}:{first.column}: {first.message}" if first else "unit.yaml tidak ada"
            result.failed.append((unit_id, f"Laporan unit `{unit_id}` tidak dibuat: {where}",
                                  "Perbaiki catatan unit itu; periksa dengan `rbctl validate`."))
            continue
        loaded = unit.answers.get(year)
        answers = loaded.record if loaded is not None else None
        inp = ReportInput(config=config, unit=unit, rubric=rubric, period=period, date=day,
                          provenance=provenance, result=_score(rubric, answers),
                          children=_children(ws, unit, rubric, year),
                          review=score(rubric, answers, reviewer=True) if answers and answers.reviu else None,
                          draft=req.draft, notes=list(req.notes.get(unit_id, ())), root=req.root)
        context = build_context(inp)
        result.warnings += [f"{unit_id}: {w}" for w in context["peringatan"]]
        job = ReportJob(req, inp, scrub(context), answers)  # no control character reaches a renderer
        for fmt in formats:
            try:
                data = _render(fmt, job)
            except TemplateRenderError as exc:
                raise BuildError(f"Laporan {fmt} unit `{unit_id}` gagal: {exc}",
                                 "Perbaiki templat itu (nama variabel ada di docs/report.md), atau hapus "
                                 "templat ruang kerja untuk memakai bawaan.") from exc
            path = req.out / file_name(unit_id, period, fmt)
            try:  # a full disk or a crash leaves the old report whole, never a truncated one
                atomic_write_bytes(path, data, overwrite=True)
            except UnsafeWriteError as exc:
                raise BuildError(exc.message, exc.hint) from exc
            result.files.append(BuiltFile(unit_id, fmt, path))
    return result

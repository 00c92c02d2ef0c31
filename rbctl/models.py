"""Typed records of a workspace. Keys are the Tim RB's own vocabulary; code stays English.

Every record file starts with ``jenis`` (what it is) and ``versi_skema`` (which schema
version); unknown keys are errors, so a typo never silently drops data.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints

SCHEMA_VERSION = 1
# What `rbctl new unit` writes where a name is not known yet; validate warns until it is replaced.
PLACEHOLDER = "BELUM DIISI"

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]
Nip = Annotated[str, StringConstraints(pattern=r"^[0-9 ]{8,24}$")]
# Strict: `true` is not 1 (pydantic's lax mode would take it); a whole number is a fine float.
Amount = Annotated[float, Field(ge=0), Strict()]
Year = Annotated[int, Field(ge=2010, le=2100), Strict()]


class Record(BaseModel):
    # No record has a use for infinity or NaN: `.inf` would pass `ge=0` and break every sum.
    # Schemas are built on first use: a run that reads a few record kinds does not pay for all.
    model_config = ConfigDict(extra="forbid", frozen=False, populate_by_name=True, allow_inf_nan=False,
                              defer_build=True)


class Level(StrEnum):
    RI = "ri"
    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    KOTA = "kota"


class Person(Record):
    nama: Text
    nip: Nip | None = None
    jabatan: str | None = None


class Signatory(Person):
    pass


class Endorsement(Signatory):
    """One signature on the lembar pengesahan: who, and in which capacity ("Disusun oleh")."""

    peran: Text = "Mengesahkan"


class ReportDefaults(Record):
    tempat: Text | None = None
    penandatangan: Signatory | None = None
    alamat: Text | None = None  # the secretariat's address, on the cover
    logo: Text | None = None  # an image path relative to the workspace, on the cover
    pengesahan: list[Endorsement] = Field(default_factory=list)  # lembar pengesahan (default: secretary, chair)
    kolofon: bool = False  # a last-page line naming the tool, version and commit


class Schedule(Record):
    """Reporting dates (`rbctl status`). Left out, rbctl assumes its own defaults, which are
    not official dates: semester I report 15 July, semester II report 15 January of the next
    year, LKE deadline 31 March of the next year."""

    laporan_semester_1: dt.date | None = None
    laporan_semester_2: dt.date | None = None
    batas_lke: dt.date | None = None


class WorkspaceConfig(Record):
    """``rbctl.yaml`` at the workspace root."""

    jenis: Literal["konfigurasi"]
    versi_skema: Literal[1]
    organisasi: Text
    tahun: Year
    rubrik: Text = "pmprb-2020"
    dasar_hukum: list[Text] = Field(default_factory=list)
    laporan: ReportDefaults = Field(default_factory=ReportDefaults)
    jadwal: Schedule = Field(default_factory=Schedule)
    unit_utama: Id | None = None  # the workspace's own unit: what `rbctl report` reports without --unit
    jumlah_unit_bawahan: Annotated[int, Field(ge=0), Strict()] | None = None  # units under unit_utama, for "N dari M"


class TeamMember(Record):
    nama: Text
    nip: Nip | None = None
    jabatan: str | None = None
    peran: Text
    area: list[Id] = Field(default_factory=list)


class Team(Record):
    sk: Id | None = None
    anggota: list[TeamMember] = Field(min_length=1)


class UnitProfile(Record):
    """``unit.yaml`` in a unit's folder; the folder is named after the id."""

    jenis: Literal["unit"]
    versi_skema: Literal[1]
    id: Id
    nama: Text
    tingkat: Level
    induk: Id | None = None
    ketua: Person
    sekretaris: Person
    tim_rb: Team
    laporan: ReportDefaults | None = None


class Quarterly(Record):
    tw1: Amount | None = None
    tw2: Amount | None = None
    tw3: Amount | None = None
    tw4: Amount | None = None
    total: Amount | None = None

    def quarters(self) -> list[float | None]:
        return [self.tw1, self.tw2, self.tw3, self.tw4]


class Status(StrEnum):
    BELUM = "belum"
    BERJALAN = "berjalan"
    SELESAI = "selesai"
    TERTUNDA = "tertunda"
    BATAL = "batal"


class Realisation(Record):
    nilai: Amount
    status: Status
    catatan: str | None = None
    kendala: str | None = None
    tindak_lanjut: str | None = None
    data_dukung: list[Id] = Field(default_factory=list)


class QuarterlyRealisation(Record):
    tw1: Realisation | None = None
    tw2: Realisation | None = None
    tw3: Realisation | None = None
    tw4: Realisation | None = None

    def by_quarter(self) -> dict[int, Realisation]:
        items = {1: self.tw1, 2: self.tw2, 3: self.tw3, 4: self.tw4}
        return {q: r for q, r in items.items() if r is not None}


class ActionItem(Record):
    id: Id
    kegiatan: Text
    output: Text
    satuan: Text
    indikator: Text
    target: Quarterly
    anggaran: Amount | None = None
    pelaksana: Text
    koordinator: Text
    jadwal: str | None = None
    kriteria: list[Id] = Field(default_factory=list)
    realisasi: QuarterlyRealisation = Field(default_factory=QuarterlyRealisation)
    data_dukung: list[Id] = Field(default_factory=list)


class ActionPlan(Record):
    """``rencana-aksi/<area>.yaml``: one change area's action plan for a year."""

    jenis: Literal["rencana_aksi"]
    versi_skema: Literal[1]
    tahun: Year
    area: Id
    rencana_aksi: list[ActionItem] = Field(default_factory=list)


class EvidenceKind(StrEnum):
    SK = "sk"
    NOTULEN = "notulen"
    FOTO = "foto"
    LAPORAN = "laporan"
    SURAT = "surat"
    TAUTAN = "tautan"
    DOKUMEN = "dokumen"
    DAFTAR_HADIR = "daftar_hadir"
    LAINNYA = "lainnya"


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class Evidence(Record):
    id: Id
    judul: Text
    jenis: EvidenceKind
    tanggal: dt.date
    berkas: Text | None = None
    tautan: Url | None = None
    sha256: Sha256 | None = None
    kriteria: list[Id] = Field(default_factory=list)
    kegiatan: list[Id] = Field(default_factory=list)
    keterangan: str | None = None


class EvidenceRegistry(Record):
    """``data-dukung.yaml``: the unit's evidence; files live under ``data-dukung/``."""

    jenis: Literal["data_dukung"]
    versi_skema: Literal[1]
    data_dukung: list[Evidence] = Field(default_factory=list)


AnswerValue = str | int | float


class Answer(Record):
    jawaban: AnswerValue | None = None
    penjelasan: str | None = None
    data_dukung: list[Id] = Field(default_factory=list)
    jumlah: dict[Id, Amount] = Field(default_factory=dict)


class ReviewAnswer(Record):
    jawaban: AnswerValue | None = None
    catatan: str | None = None
    jumlah: dict[Id, Amount] = Field(default_factory=dict)


class Answers(Record):
    """``lke/<tahun>.yaml``: the self-assessment answers, keyed by criterion id."""

    jenis: Literal["lke"]
    versi_skema: Literal[1]
    tahun: Year
    rubrik: Text | None = None
    jawaban: dict[Id, Answer] = Field(default_factory=dict)
    reviu: dict[Id, ReviewAnswer] = Field(default_factory=dict)


class Period(StrEnum):
    SEMESTER_1 = "semester-1"
    SEMESTER_2 = "semester-2"
    TAHUNAN = "tahunan"


class NarrativeSection(StrEnum):
    PENDAHULUAN = "pendahuluan"
    KENDALA = "kendala"
    REKOMENDASI = "rekomendasi"
    TINDAK_LANJUT = "tindak_lanjut"
    PENUTUP = "penutup"
    LAINNYA = "lainnya"
    KATA_PENGANTAR = "kata_pengantar"
    MAKSUD_TUJUAN = "maksud_tujuan"
    PELAKSANAAN = "pelaksanaan"  # per change area (`area`), or the chapter's opening
    QUICK_WIN = "quick_win"
    ANGGARAN = "anggaran"
    CAPAIAN = "capaian"


class Narrative(Record):
    """Front matter of ``narasi/*.md``; the Markdown body is the text itself."""

    jenis: Literal["narasi"]
    versi_skema: Literal[1]
    tahun: Year
    periode: Period
    bagian: NarrativeSection
    judul: Text
    area: Id | None = None  # with bagian `pelaksanaan`: the change area it tells about


KIND_MODELS: dict[str, type[Record]] = {
    "konfigurasi": WorkspaceConfig,
    "unit": UnitProfile,
    "rencana_aksi": ActionPlan,
    "data_dukung": EvidenceRegistry,
    "lke": Answers,
    "narasi": Narrative,
}

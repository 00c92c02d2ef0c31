"""Turn a document's data into a typed record, or into located problems."""

from __future__ import annotations

import copy
import difflib
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from rbctl.models import KIND_MODELS, SCHEMA_VERSION, Record
from rbctl.problems import Problem
from rbctl.rules import severity_of
from rbctl.yamlload import Document, Loc

_TYPE_WORDS = {
    "string": "teks", "int": "bilangan bulat", "float": "angka", "bool": "true/false",
    "dict": "peta (kunci: nilai)", "list": "daftar (baris diawali `- `)", "model": "peta (kunci: nilai)",
    "date": "tanggal",
}


def _data_loc(loc: tuple[int | str, ...], data: Any) -> Loc:
    """The longest prefix of a pydantic loc that is a real path into the data."""
    out: list[str | int] = []
    node = data
    for part in loc:
        in_map = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_map or in_list):
            break
        node = node[part]
        out.append(part)
    return tuple(out)


def _field_name(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return "isi berkas"


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names allowed where an unknown key stands, for a did-you-mean hint."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        current = _model_in(annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return list(fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


_BOUNDS = {"greater_than_equal": ("ge", "paling kecil"), "greater_than": ("gt", "harus lebih dari"),
           "less_than_equal": ("le", "paling besar"), "less_than": ("lt", "harus kurang dari")}


def _describe(err: ErrorDetails, model: type[BaseModel], loc: Loc) -> tuple[str, str, str]:
    """(rule, message, hint) for one pydantic error at ``loc`` of the data, in the team's language."""
    kind = err["type"]
    # A missing key is not in the data; other errors are named by the data, not by pydantic's
    # union member tags (`str`, `int`) that its loc may end with.
    name = _field_name(tuple(err["loc"]) if kind == "missing" else loc)
    given = err.get("input")
    if kind == "missing":
        return "missing-key", f"Kunci wajib `{name}` tidak ada.", f"Tambahkan `{name}:` beserta isinya."
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, tuple(err["loc"]))
        close = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.75)
        hint = f"Mungkin maksudnya `{close[0]}`?" if close else (
            "Kunci yang dikenal di sini: " + ", ".join(f"`{a}`" for a in allowed) + "." if allowed
            else "Hapus kunci ini.")
        return "unknown-key", f"Kunci `{name}` tidak dikenal.", hint
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return ("invalid-date", f"`{name}`: tanggal `{given}` tidak sah.",
                "Tulis tanggal yang ada sebagai TTTT-BB-HH, misalnya 2026-03-15.")
    if kind in {"literal_error", "enum"}:
        expected = err.get("ctx", {}).get("expected", "")
        choices = str(expected).replace(" or ", " atau ")
        return "invalid-value", f"`{name}`: nilai `{given}` tidak diizinkan.", f"Pilih salah satu: {choices}."
    if given is None and kind.endswith("_type"):
        return ("invalid-value", f"`{name}` tidak boleh kosong.",
                f"Tulis isinya setelah `{name}:`, atau hapus baris itu bila kuncinya tidak wajib.")
    if kind == "finite_number":
        return ("invalid-value", f"`{name}`: `{given}` bukan angka yang terhingga.",
                "Tulis angka biasa, misalnya 1500000 (`.inf` dan `.nan` bukan angka).")
    if kind == "int_from_float":
        return "invalid-type", f"`{name}` harus berupa bilangan bulat, bukan `{given}`.", _type_hint("int")
    if kind == "string_type":
        hint = ("Beri tanda kutip, misalnya \"0101\", agar dibaca sebagai teks apa adanya."
                if isinstance(given, int | float) else "Tulis satu teks biasa, bukan daftar atau peta.")
        return "invalid-type", f"`{name}` harus berupa teks, bukan `{given}`.", hint
    if kind == "string_pattern_mismatch":
        return "invalid-value", f"`{name}`: `{given}` tidak sesuai format.", _pattern_hint(name)
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        bound = err.get("ctx", {}).get(key)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)  # 0, not 0.0
        return "invalid-value", f"`{name}`: nilai `{given}` di luar batas.", f"Nilainya {words} {bound}."
    if kind in {"too_short", "string_too_short"}:
        return "invalid-value", f"`{name}` tidak boleh kosong.", "Isi dengan sedikitnya satu butir."
    base = kind.split("_")[0]
    if kind.endswith(("_type", "_parsing")):
        word = _TYPE_WORDS.get(base, base)
        return "invalid-type", f"`{name}` harus berupa {word}, bukan `{_short(given)}`.", _type_hint(base)
    return "invalid-value", f"`{name}`: {err['msg']}.", "Periksa nilai ini terhadap contoh di examples/."


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "..."


def _type_hint(base: str) -> str:
    if base in {"int", "float"}:
        return "Tulis angka tanpa tanda kutip dan tanpa titik ribuan, misalnya 1500000."
    if base == "list":
        return "Tulis sebagai daftar: setiap butir di baris sendiri diawali `- `."
    if base in {"dict", "model"}:
        return "Tulis sebagai peta: `kunci: nilai` di baris-baris yang menjorok."
    return "Periksa contoh di examples/."


def _pattern_hint(name: str) -> str:
    return {
        "nip": "NIP ditulis dalam tanda kutip, 18 angka, misalnya \"198501012010011001\".",
        "sha256": "sha256 adalah 64 huruf heksadesimal kecil (keluaran `sha256sum`).",
        "tautan": "Tautan diawali http:// atau https://.",
    }.get(name, "Id hanya memuat huruf, angka, titik, garis bawah dan tanda hubung, misalnya `MP-01`.")


def _header_problems(doc: Document, expected_kind: str | None) -> list[Problem]:
    data = doc.data
    if not isinstance(data, dict):
        word = "daftar" if isinstance(data, list) else "teks"
        return [Problem(doc.rel, *doc.at(()), "not-a-mapping",
                        f"Isi berkas berupa {word}, padahal catatan harus berupa peta (kunci: nilai).",
                        "Mulai berkas dengan `jenis:` dan `versi_skema: 1`, lalu kunci-kunci catatannya.")]
    kind = data.get("jenis")
    if not isinstance(kind, str) or kind not in KIND_MODELS:  # a list or map is no kind either (nor hashable)
        known = ", ".join(KIND_MODELS)
        where = doc.at(("jenis",)) if "jenis" in data else (1, 1)
        return [Problem(doc.rel, *where, "unknown-kind", f"`jenis` tidak ada atau tidak dikenal: `{kind}`.",
                        f"Tulis `jenis: {expected_kind or '...'}` (jenis yang dikenal: {known}).")]
    if expected_kind is not None and kind != expected_kind:
        return [Problem(doc.rel, *doc.at(("jenis",)), "kind-misplaced",
                        f"Berkas di tempat ini seharusnya `jenis: {expected_kind}`, bukan `{kind}`.",
                        "Pindahkan berkas ke folder yang sesuai, atau perbaiki `jenis`.")]
    version = data.get("versi_skema")
    if version != SCHEMA_VERSION:
        where = doc.at(("versi_skema",)) if "versi_skema" in data else doc.at(("jenis",))
        return [Problem(doc.rel, *where, "schema-version",
                        f"`versi_skema` harus {SCHEMA_VERSION}, bukan `{version}`.",
                        f"Tulis `versi_skema: {SCHEMA_VERSION}` di bawah `jenis`.")]
    return []


def to_record(doc: Document, expected_kind: str | None = None) -> tuple[Record | None, list[Problem]]:
    """Validate a parsed document against the model its ``jenis`` names."""
    if doc.data is None:
        return None, []
    header = _header_problems(doc, expected_kind)
    if header:
        return None, header
    model = KIND_MODELS[doc.data["jenis"]]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    problems = []
    for err in errors:
        loc = _data_loc(tuple(err["loc"]), doc.data)
        rule, message, hint = _describe(err, model, loc)
        line, col = doc.at(loc, key=rule == "unknown-key")
        problems.append(Problem(doc.rel, line, col, rule, message, hint, severity_of(rule)))
    return _salvage(doc, model, errors), sorted(set(problems))


def _salvage(doc: Document, model: type[Record], errors: list[ErrorDetails]) -> Record | None:
    """What can still be checked of a record with errors (already reported).

    Offending optional keys are left out; list items or answers still broken are left
    out whole, their ids kept on the document so that references to them are not
    reported a second time. A record that cannot be salvaged is None.
    """
    data = copy.deepcopy(doc.data)
    for err in errors:
        loc = _data_loc(tuple(err["loc"]), doc.data)
        if err["type"] != "missing" and loc and isinstance(loc[-1], str):
            parent = data
            for part in loc[:-1]:
                parent = parent[part]
            parent.pop(loc[-1], None)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    bad: dict[str, set[int | str]] = {}
    for err in errors:
        loc = err["loc"]
        if len(loc) < 2 or loc[0] not in _ITEM_LISTS:
            return None
        bad.setdefault(str(loc[0]), set()).add(loc[1])
    for name, members in bad.items():
        container = data.get(name)
        if isinstance(container, list):
            doc.dropped_ids.update(str(item.get("id")) for i, item in enumerate(container)
                                   if i in members and isinstance(item, dict) and "id" in item)
            doc.index_maps[name] = [i for i in range(len(container)) if i not in members]
            data[name] = [item for i, item in enumerate(container) if i not in members]
        elif isinstance(container, dict):
            doc.dropped_ids.update(str(k) for k in members)
            data[name] = {k: v for k, v in container.items() if k not in members}
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


_ITEM_LISTS = {"rencana_aksi", "data_dukung", "jawaban", "reviu"}

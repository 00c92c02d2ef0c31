"""Turn a document's data into a typed record, or into located problems."""

from __future__ import annotations

import copy
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from rbctl import hints
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
    in_dict = False  # the next part is a key of a dict of models (criterion ids), not a field
    for part in loc[:-1]:
        if isinstance(part, int) or in_dict:
            in_dict = False
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        annotation = fields[part].annotation
        in_dict = getattr(annotation, "__origin__", None) is dict
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
        return "unknown-key", f"Kunci `{name}` tidak dikenal.", _unknown_key_hint(str(name), model, err)
    if kind in {"date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"}:
        return "invalid-date", f"`{name}`: tanggal `{given}` tidak sah.", hints.date_hint(str(given))
    if kind in {"literal_error", "enum"}:
        expected = str(err.get("ctx", {}).get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        listed = ", ".join(f"`{c}`" for c in choices)
        near = hints.did_you_mean(str(given), choices) if isinstance(given, str) else None
        hint = f"{near} Pilihan: {listed}." if near else f"Pilih salah satu: {listed}."
        return "invalid-value", f"`{name}`: nilai `{given}` tidak diizinkan.", hint
    if isinstance(given, str) and kind in {"model_type", "dict_type", "model_attributes_type"} and \
            (glued := hints.glued_key(given)):
        return ("invalid-type", f"`{name}` harus berupa peta (kunci: nilai), bukan teks `{_short(given)}`.",
                hints.glued_hint(*glued))
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
        hint = _type_hint(base)
        if base == "list" and isinstance(given, str | int | float):
            hint = f"Tulis sebagai daftar: `{name}: [{given}]`, atau setiap butir di baris sendiri diawali `- `."
        fixed = hints.number_fix(given) if isinstance(given, str) and base in {"int", "float"} else None
        if fixed is not None:
            how = "desimal dengan titik" if "," in given else "angka tanpa titik ribuan"
            hint = f"Tulis {how}: `{name}: {fixed}`."
        return "invalid-type", f"`{name}` harus berupa {word}, bukan `{_short(given)}`.", hint
    return "invalid-value", f"`{name}`: {err['msg']}.", "Periksa nilai ini terhadap contoh di examples/."


def _unknown_key_hint(name: str, model: type[BaseModel], err: ErrorDetails) -> str:
    allowed = _allowed_keys(model, tuple(err["loc"]))
    near = hints.did_you_mean(name, allowed)
    if near:
        return near
    if allowed:
        return "Kunci yang dikenal di sini: " + ", ".join(f"`{a}`" for a in allowed) + "."
    return "Periksa ejaan kunci ini terhadap contoh di examples/; isinya tidak dibaca selama kuncinya tidak dikenal."


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "..."


def _type_hint(base: str) -> str:
    if base in {"int", "float"}:
        return "Tulis angka tanpa tanda kutip, misalnya 1500000 atau 3.5."
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
        if isinstance(version, str) and version.strip() == str(SCHEMA_VERSION):
            return [Problem(doc.rel, *where, "schema-version",
                            f"`versi_skema` harus angka {SCHEMA_VERSION}, bukan teks \"{version}\".",
                            f"Tulis `versi_skema: {SCHEMA_VERSION}` tanpa tanda kutip.")]
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
    problems = _comma_splits(doc) + _shallow_children(doc, model, errors)
    split_locs = {p[0] for p in problems}
    for err in _without_follow_ons(errors, model, split_locs):
        loc = _data_loc(tuple(err["loc"]), doc.data)
        rule, message, hint = _describe(err, model, loc)
        line, col = doc.at(loc, key=rule == "unknown-key")
        problems.append((loc, Problem(doc.rel, line, col, rule, message, hint, severity_of(rule))))
    return _salvage(doc, model, errors), sorted({p for _loc, p in problems})


def _shallow_children(doc: Document, model: type[Record], errors: list[ErrorDetails]) -> list[tuple[Loc, Problem]]:
    """`P.AK.1.a:` with nothing under it and its `jawaban:` written beside it rather than
    under it: one indentation problem, not "empty" plus "`jawaban` is not a map"."""
    out: list[tuple[Loc, Problem]] = []
    for err in errors:
        loc = tuple(err["loc"])
        if err.get("input", 0) is not None or not loc or not isinstance(loc[-1], str):
            continue
        parent = _at(doc.data, loc[:-1]) if _data_loc(loc, doc.data) == loc else None
        if not isinstance(parent, dict):
            continue
        keys = list(parent)
        after = keys[keys.index(loc[-1]) + 1] if keys.index(loc[-1]) + 1 < len(keys) else None
        if not isinstance(after, str) or after not in _allowed_keys(model, (*loc, after)):
            continue
        here, there = doc.positions().keys.get(loc), doc.positions().keys.get((*loc[:-1], after))
        if here is None or there is None or here[1] != there[1]:
            continue
        want = _child_column(doc, loc[:-1], parent) or here[1] + 2
        line, col = doc.at((*loc[:-1], after), key=True)
        out.append(((*loc[:-1], after), Problem(
            doc.rel, line, col, "yaml-syntax",
            f"Indentasi salah: `{after}:` sejajar dengan `{loc[-1]}:` di atasnya, jadi tidak dibaca sebagai isinya.",
            f"Tulis `{after}:` dengan {want - 1} spasi di awal baris, di bawah `{loc[-1]}:`.",
            severity_of("yaml-syntax"))))
        out.append((loc, out[-1][1]))
    return out


def _child_column(doc: Document, loc: Loc, parent: dict[Any, Any]) -> int | None:
    """The column of the keys inside a sibling map: where a child key belongs."""
    for key, value in parent.items():
        if isinstance(value, dict) and value:
            found = doc.positions().keys.get((*loc, key, next(iter(value))))
            if found is not None:
                return found[1]
    return None


def _without_follow_ons(errors: list[ErrorDetails], model: type[Record], split: set[Loc]) -> list[ErrorDetails]:
    """The errors worth reporting: a misspelt key is one problem (`ouput`: unknown, with its
    suggestion), not also a missing `output`; a value a comma split is reported once."""
    meant: set[Loc] = set()
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            for near in hints.closest(loc[-1], _allowed_keys(model, loc)):
                meant.add((*loc[:-1], near))
    return [err for err in errors
            if not (err["type"] == "missing" and tuple(err["loc"]) in meant)
            and not any(tuple(err["loc"])[:len(s)] == s for s in split)]


_SPLIT_BEFORE = re.compile(r"([-+]?\d+)\s*,\s*$")


def _comma_splits(doc: Document) -> list[tuple[Loc, Problem]]:
    """`{agen: 10,5}` reads as `agen: 10` and a key `5` with no value: say the comma split it."""
    found = _number_keys(doc.data, ())
    if not found:
        return []
    text = (doc._text or "").splitlines()
    out: list[tuple[Loc, Problem]] = []
    for parent, key in found:
        line, col = doc.positions().keys.get((*parent, key), (0, 0))
        before = text[line - 1][:col - 1] if 0 < line <= len(text) else ""
        match = _SPLIT_BEFORE.search(before)
        if match is None:
            continue
        mapping = _at(doc.data, parent)
        keys = list(mapping)
        previous = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
        if previous is None:
            continue
        token = re.match(r"[-+]?[0-9.]+", text[line - 1][col - 1:])
        decimals = token[0] if token else str(key)
        written = f"{match[1]},{decimals}"
        where = doc.at((*parent, previous))
        split: Loc = (*parent, key)
        out.append((split, Problem(
            doc.rel, where[0], where[1], "invalid-value",
            f"`{previous}: {written}`: koma memisahkan angka ini menjadi `{match[1]}` dan kunci baru `{decimals}`.",
            f"Di dalam `{{...}}` koma memisahkan pasangan; tulis desimal dengan titik: `{previous}: "
            f"{match[1]}.{decimals}`.", severity_of("invalid-value"))))
    return out


def _number_keys(data: Any, loc: Loc) -> list[tuple[Loc, int]]:
    """(map, key) of every whole-number key with no value: what a comma inside `{...}` leaves."""
    out: list[tuple[Loc, int]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, int) and not isinstance(key, bool) and value is None:
                out.append((loc, key))
            else:
                out.extend(_number_keys(value, (*loc, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.extend(_number_keys(value, (*loc, i)))
    return out


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


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

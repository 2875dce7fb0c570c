"""sources.toml is validated on load; unlisted files are still sources, with a warning."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from extractors.errors import ManifestError
from extractors.reading.sources import discover, load_manifest, manifest_digest


def _write(tmp_path: Path, manifest: str, files: tuple[str, ...] = ("a.txt",)) -> Path:
    for name in files:
        (tmp_path / name).write_text("1. Heading\nSome guidance text.\n")
    (tmp_path / "sources.toml").write_text(manifest)
    return tmp_path


def test_manifest_rejects_unknown_keys(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\ncolour = "red"\n')
    with pytest.raises(ManifestError, match="colour"):
        load_manifest(d)


def test_listed_but_missing_file_is_reported_missing_and_the_rest_discovered(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\n[[source]]\nid = "b"\nfile = "b.txt"\n')
    found = discover(d)
    assert [s.meta.id for s in found.sources] == ["a"]
    [problem] = found.problems
    assert (problem.id, problem.file, problem.status) == ("b", "b.txt", "missing")
    assert "b.txt" in problem.error and "missing" in problem.error


def test_manifest_rejects_duplicate_ids(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\n[[source]]\nid = "a"\nfile = "c.txt"\n',
               files=("a.txt", "c.txt"))
    with pytest.raises(ManifestError, match="duplicate id 'a'"):
        load_manifest(d)


def test_manifest_rejects_invalid_toml(tmp_path: Path) -> None:
    d = _write(tmp_path, "[[source]\nid=")
    with pytest.raises(ManifestError, match="not valid TOML"):
        load_manifest(d)


def test_manifest_rejects_unknown_jurisdiction(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\njurisdiction = ["Atlantis"]\n')
    with pytest.raises(ManifestError, match="jurisdiction"):
        load_manifest(d)


def test_file_without_manifest_entry_is_processed_with_warning(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "a"\nfile = "a.txt"\n', files=("a.txt", "extra.txt"))
    sources, warnings = discover(d)
    assert [s.meta.id for s in sources] == ["a", "extra.txt"]
    extra = sources[1]
    assert not extra.in_manifest and extra.meta.region == []
    assert len(warnings) == 1 and "extra.txt" in warnings[0] and "region unknown" in warnings[0]


def test_unlisted_files_sharing_a_stem_are_distinct_documents(tmp_path: Path) -> None:
    d = _write(tmp_path, "", files=("guidance.pdf", "guidance.txt", "guidance.html"))
    found = discover(d)
    assert [s.meta.id for s in found.sources] == ["guidance.html", "guidance.pdf", "guidance.txt"]
    assert not found.problems


def test_manifest_id_equal_to_an_unlisted_file_name_fails_that_file_naming_both(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "b.txt"\nfile = "a.txt"\n', files=("a.txt", "b.txt", "c.txt"))
    found = discover(d)
    assert [s.meta.id for s in found.sources] == ["b.txt", "c.txt"]
    [problem] = found.problems
    assert problem.file == "b.txt" and problem.status == "failed"
    assert "b.txt" in problem.error and "a.txt" in problem.error


def test_discovery_unpacks_with_problems_among_the_warnings(tmp_path: Path) -> None:
    d = _write(tmp_path, '[[source]]\nid = "gone"\nfile = "gone.txt"\n', files=("a.txt",))
    sources, warnings = discover(d)
    assert [s.meta.id for s in sources] == ["a.txt"]
    assert any("gone.txt" in w and "missing" in w for w in warnings)


@pytest.mark.parametrize("file", ["../outside.txt", "/etc/passwd", "sub/../../x.txt"])
def test_manifest_file_outside_the_directory_is_refused(tmp_path: Path, file: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (tmp_path / "outside.txt").write_text("1. Heading\ntext\n")
    d = _write(src, f'[[source]]\nid = "x"\nfile = "{file}"\nurl = "http://127.0.0.1:1/x"\nfetch = true\n')
    with pytest.raises(ManifestError, match="outside the source directory"):
        load_manifest(d)


def test_symlink_leading_out_of_the_directory_is_skipped_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    (src / "passwd.txt").symlink_to(secret)
    (src / "inner.txt").symlink_to(src / "real.txt")
    (src / "real.txt").write_text("1. Heading\ntext\n")
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere")
    os.mkfifo(src / "pipe.txt")
    found = discover(src)
    assert sorted(s.meta.id for s in found.sources) == ["inner.txt", "real.txt"]
    text = "\n".join(found.warnings)
    assert "passwd.txt" in text and "outside the source directory" in text
    assert "dangling.txt" in text and "pipe.txt" in text


def test_a_manifest_file_that_is_a_symlink_out_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (tmp_path / "secret.txt").write_text("secret\n")
    (src / "a.txt").symlink_to(tmp_path / "secret.txt")
    (src / "sources.toml").write_text('[[source]]\nid = "a"\nfile = "a.txt"\n')
    with pytest.raises(ManifestError, match="outside the source directory"):
        load_manifest(src)


def test_a_file_name_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("1. Heading\ntext\n")
    bad = os.fsdecode(b"bad-\xff.txt")
    (tmp_path / bad).write_text("1. Heading\ntext\n")
    found = discover(tmp_path)
    assert [s.meta.id for s in found.sources] == ["good.txt"]
    [problem] = found.problems
    assert problem.file == "bad-\\xff.txt" and "not valid UTF-8" in problem.error
    problem.error.encode("utf-8")  # printable: no lone surrogates left


@pytest.mark.parametrize(("key", "value"), [
    ("title", "Bad\\u0000title"), ("publisher", "a\\u0007b"), ("id", "x\\ny"),
    ("url", "http://x/\\u0000"), ("region", ["Dud\\u0000ley"]),
])
def test_control_characters_in_manifest_strings_are_one_clear_error(tmp_path: Path, key: str,
                                                                     value: object) -> None:
    text = f'"{value}"' if isinstance(value, str) else "[" + ", ".join(f'"{v}"' for v in value) + "]"
    entry = {"id": '"a"', "file": '"a.txt"', key: text}
    d = _write(tmp_path, "[[source]]\n" + "".join(f"{k} = {v}\n" for k, v in entry.items()))
    with pytest.raises(ManifestError, match=f"{key} holds the control character U\\+00"):
        load_manifest(d)


@pytest.mark.parametrize(("line", "message"), [('id = ""', "id is empty"),
                                                ("published = 99999999999999", "not a year")])
def test_empty_ids_and_impossible_years_are_refused(tmp_path: Path, line: str, message: str) -> None:
    d = _write(tmp_path, f'[[source]]\nfile = "a.txt"\n{line}\n' + ('id = "a"\n' if "id" not in line else ""))
    with pytest.raises(ManifestError, match=message):
        load_manifest(d)


def test_manifest_with_a_utf8_byte_order_mark_is_read(tmp_path: Path) -> None:
    d = _write(tmp_path, "")
    (d / "sources.toml").write_bytes(b"\xef\xbb\xbf" + b'[[source]]\nid = "a"\nfile = "a.txt"\n')
    assert list(load_manifest(d)) == ["a.txt"]


def test_unreadable_manifest_is_a_manifest_error(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").mkdir()
    with pytest.raises(ManifestError, match="cannot read"):
        load_manifest(tmp_path)


def test_manifest_digest_changes_with_the_entry_but_not_the_password(tmp_path: Path) -> None:
    from extractors.models import SourceMeta

    base = SourceMeta(id="a", file="a.txt", title="One")
    assert manifest_digest(base) == manifest_digest(SourceMeta(id="a", file="a.txt", title="One"))
    assert manifest_digest(base) != manifest_digest(SourceMeta(id="a", file="a.txt", title="Two"))
    assert manifest_digest(base) == manifest_digest(base.model_copy(update={"password": "pw"}))

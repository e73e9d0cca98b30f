"""gloss-graph fix: mentions made links and certain broken references
repaired, every other byte kept, a diff that patch and git apply take, and
the exit status CI asks for. Hand-made trees, one rule each."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import gloss_graph
from gloss_graph.cli import main
from gloss_graph.fixes import apply_edits, Edit, macro_arguments

PACKET_LINKS = 'A {{Glossary("Packet", "packet")}} here.'  # how the glossary links Packet: "packet"


def write(root: Path, slug: str, body: str, locale: str = "en-us", title: str | None = None,
          raw: bytes | None = None) -> Path:
    path = root / "files" / locale / "glossary" / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"---\ntitle: {title or slug.replace('_', ' ')}\nslug: Glossary/{slug}\n---\n\n{body}\n"
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return path


def tree(root: Path) -> Path:
    """Packet is linked as "packet" by two entries, so a third that names it
    without a link gets a high-confidence mention."""
    write(root, "Packet", "A unit of data.")
    write(root, "Router", PACKET_LINKS)
    write(root, "Modem", PACKET_LINKS)
    return root


def run_cli(*args: str, cwd: Path) -> tuple[int, bytes, str]:
    done = subprocess.run([sys.executable, "-m", "gloss_graph", *args], cwd=cwd, capture_output=True)
    return done.returncode, done.stdout, done.stderr.decode()


def test_the_first_mention_in_prose_becomes_the_bare_macro(tmp_path):
    tree(tmp_path)
    path = write(tmp_path, "Switch", "A switch forwards each packet. Another packet.")
    result = gloss_graph.fix([str(tmp_path)], write=True)
    assert path.read_text() == ("---\ntitle: Switch\nslug: Glossary/Switch\n---\n\n"
                                'A switch forwards each {{Glossary("packet")}}. Another packet.\n')
    assert result.exit_status == 0 and result.written == [str(path)]


def test_code_macros_links_headings_and_comments_are_never_touched(tmp_path):
    tree(tmp_path)
    body = ("## Packet\n\n"
            "Use `packet` and {{HTTPHeader(\"packet\")}} and [packet](https://example.com/packet).\n\n"
            "<!-- packet -->\n\n"
            "```\npacket\n```\n\n"
            "    packet in indented code\n\n"
            "<code>packet</code> then the prose packet.")
    path = write(tmp_path, "Switch", body)
    gloss_graph.fix([str(tmp_path)], min_confidence="low", write=True)
    assert path.read_text().endswith('<code>packet</code> then the prose {{Glossary("packet")}}.\n')
    assert path.read_text().count("{{Glossary") == 1


def test_words_that_are_not_the_term_get_both_arguments():
    assert macro_arguments("Glossary/Call_stack", "call stack") == ("call stack",)
    assert macro_arguments("Glossary/Method", "methods") == ("Method", "methods")
    assert macro_arguments("Glossary/Boolean/HTML", "Boolean") == ("Boolean/HTML", "Boolean")


def test_the_macro_is_spelled_as_the_file_spells_it(tmp_path):
    tree(tmp_path)
    path = write(tmp_path, "Switch", "See {{ glossary('Router', 'routers') }}. Each packet.")
    gloss_graph.fix([str(tmp_path)], write=True)
    assert path.read_text().endswith("Each {{ glossary('packet') }}.\n")


def test_every_other_byte_is_kept(tmp_path):
    tree(tmp_path)
    raw = ("\ufeff---\r\ntitle: Switch\r\nslug: Glossary/Switch\r\n---\r\n\r\n"
           "Trailing spaces   \r\nA packet, caf\u00e9.  \r\nNo final newline").encode("utf-8")
    path = write(tmp_path, "Switch", "", raw=raw)
    gloss_graph.fix([str(tmp_path)], write=True)
    assert path.read_bytes() == raw.replace(b"A packet,", b'A {{Glossary("packet")}},')


def test_bytes_that_are_not_utf8_are_kept(tmp_path):
    tree(tmp_path)
    raw = b"---\ntitle: Switch\nslug: Glossary/Switch\n---\n\nOdd \xff byte. A packet.\n"
    path = write(tmp_path, "Switch", "", raw=raw)
    gloss_graph.fix([str(tmp_path)], write=True)
    assert path.read_bytes() == raw.replace(b"A packet", b'A {{Glossary("packet")}}')


def test_a_second_run_changes_nothing(tmp_path):
    tree(tmp_path)
    write(tmp_path, "Switch", "Each packet.")
    assert gloss_graph.fix([str(tmp_path)], write=True).written
    again = gloss_graph.fix([str(tmp_path)])
    assert again.diff == b"" and again.changes == [] and again.exit_status == 0


def test_a_fixed_orphan_is_no_longer_an_orphan(tmp_path):
    write(tmp_path, "Latency", "How long a trip takes.")  # referenced by nobody
    write(tmp_path, "Ping", "A tool that measures latency.")
    before = gloss_graph.check([str(tmp_path)]).report
    assert "Glossary/Latency" in [o["slug"] for o in before["orphans"]]
    # Nobody links Latency yet, so its mentions are low confidence.
    assert gloss_graph.fix([str(tmp_path)], write=True).written == []
    gloss_graph.fix([str(tmp_path)], min_confidence="low", write=True)
    after = gloss_graph.check([str(tmp_path)]).report
    assert "Glossary/Latency" not in [o["slug"] for o in after["orphans"]]


def test_term_selects_the_edits(tmp_path):
    tree(tmp_path)
    write(tmp_path, "Latency", "How long.")
    path = write(tmp_path, "Switch", "A packet and its latency.")
    gloss_graph.fix([str(tmp_path)], min_confidence="low", terms=["latency"], write=True)
    assert path.read_text().endswith('A packet and its {{Glossary("latency")}}.\n')


def test_the_diff_applies_with_patch_and_git_apply(tmp_path):
    source = tree(tmp_path / "work")
    write(source, "Switch", "", raw=b"\xef\xbb\xbf---\r\ntitle: Switch\r\nslug: Glossary/Switch\r\n---\r\n\r\n"
                                b"A packet.   \r\nEnd")
    write(source, "Hub", "Hubs repeat every packet.\n\nMore.")
    write(source, "Bridge", "Bridges filter each packet.\nNo final newline", raw=None)
    patched, applied = tmp_path / "patched", tmp_path / "applied"
    shutil.copytree(source, patched / "work")
    shutil.copytree(source, applied / "work")
    status, diff, _ = run_cli("fix", "work", cwd=tmp_path)
    assert status == 1
    assert diff.count(b"--- a/work/files/en-us/glossary/") == diff.count(b"+++ b/work/files/en-us/glossary/") == 3
    subprocess.run(["patch", "-p1", "--quiet", "--binary"], input=diff, cwd=patched, check=True)
    subprocess.run(["git", "apply", "-p1", "--whitespace=nowarn", "-"], input=diff, cwd=applied, check=True)
    gloss_graph.fix([str(source)], write=True)
    for name in ("switch", "hub", "bridge"):
        rel = Path("files/en-us/glossary") / name / "index.md"
        assert (patched / "work" / rel).read_bytes() == (source / rel).read_bytes()
        assert (applied / "work" / rel).read_bytes() == (source / rel).read_bytes()


def test_exit_status_is_one_while_something_is_left_and_two_for_usage(tmp_path):
    tree(tmp_path)
    write(tmp_path, "Switch", "A packet.")
    assert run_cli("fix", str(tmp_path), cwd=tmp_path)[0] == 1
    assert run_cli("fix", str(tmp_path), "--write", cwd=tmp_path)[0] == 0
    assert run_cli("fix", str(tmp_path), cwd=tmp_path)[:2] == (0, b"")
    status, out, err = run_cli("fix", str(tmp_path), "--min-confidence", "medium", cwd=tmp_path)
    assert status == 2 and "Traceback" not in err
    status, out, err = run_cli("fix", str(tmp_path), "--term", "Nosuchterm", cwd=tmp_path)
    assert status == 2 and "Nosuchterm" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert run_cli("fix", str(tmp_path / "missing"), cwd=tmp_path)[0] == 2


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_a_read_only_file_is_reported_and_the_rest_fixed(tmp_path):
    tree(tmp_path)
    locked = write(tmp_path, "Switch", "A packet.")
    other = write(tmp_path, "Hub", "Every packet.")
    locked.chmod(0o444)
    before = locked.read_bytes()
    status, _, err = run_cli("fix", str(tmp_path), "--write", cwd=tmp_path)
    assert status == 1
    assert f"{locked}: is read-only; not changed" in err
    assert locked.read_bytes() == before
    assert other.read_text().endswith('Every {{Glossary("packet")}}.\n')
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444


def test_a_symbolic_link_is_not_replaced(tmp_path):
    tree(tmp_path)
    real = tmp_path / "drafts" / "hub.md"  # inside the SOURCE, so the link is read
    real.parent.mkdir()
    real.write_text("---\ntitle: Hub\nslug: Glossary/Hub\n---\n\nEvery packet.\n")
    link = tmp_path / "files" / "en-us" / "glossary" / "hub" / "index.md"
    link.parent.mkdir(parents=True)
    link.symlink_to(real)
    result = gloss_graph.fix([str(tmp_path)], write=True)
    assert result.failed == [(str(link), "is a symbolic link; not changed")]
    assert link.is_symlink() and "{{Glossary" not in real.read_text()


def test_the_file_mode_is_kept(tmp_path):
    tree(tmp_path)
    path = write(tmp_path, "Switch", "A packet.")
    path.chmod(0o640)
    gloss_graph.fix([str(tmp_path)], write=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640 and "Glossary" in path.read_text()


def test_an_edit_whose_text_moved_is_skipped_not_misplaced():
    data = b"---\ntitle: X\n---\n\nA packet.\n"
    after, done, skipped = apply_edits(data, [Edit("x", 5, 3, "why", text="packet", args=("packet",)),
                                              Edit("x", 5, 1, "why", text="packet", args=("packet",))])
    assert after == data.replace(b"packet", b'{{Glossary("packet")}}')
    assert len(done) == 1 and skipped[0][1].startswith("the text is not where it was read")


# --- broken references ---------------------------------------------------------


def test_broken_references_are_repaired_only_when_certain(tmp_path):
    write(tmp_path, "Browser", "A program.")
    write(tmp_path, "Browser", "Un programme.", locale="fr", title="Navigateur")
    write(tmp_path, "IP_Address", "A number.", title="IP address")
    fr = write(tmp_path, "Cache", 'Le {{Glossary("navigateur")}} et [le navigateur](/fr/docs/Glossary/Navigateur#x).',
               locale="fr", title="Cache")
    en = write(tmp_path, "RTP", 'Runs over {{Glossary("IP")}}.')
    result = gloss_graph.fix([str(tmp_path)], broken=True, unlinked_mentions=False, write=True)
    assert fr.read_text().endswith('Le {{Glossary("Browser", "navigateur")}} et '
                                   '[le navigateur](/fr/docs/Glossary/Browser#x).\n')
    # IP -> IP_Address is a good guess (a prefix of the title), not a certain one: left for a person.
    assert 'Runs over {{Glossary("IP")}}.' in en.read_text()
    assert result.written == [str(fr)]
    report = gloss_graph.check([str(tmp_path)]).report
    assert [b["target"] for b in report["broken_references"]] == ["Glossary/IP"]


def test_a_broken_macro_with_its_own_text_keeps_it(tmp_path):
    write(tmp_path, "Browser", "A program.", title="Web browser")
    path = write(tmp_path, "Cache", '{{glossary(\'web browser\', "browsers")}} keep it.')
    gloss_graph.fix([str(tmp_path)], broken=True, unlinked_mentions=False, write=True)
    assert '{{glossary(\'Browser\', "browsers")}} keep it.' in path.read_text()


def test_cli_main_prints_the_diff_and_a_count(tmp_path, capsysbinary, monkeypatch):
    tree(tmp_path)
    write(tmp_path, "Switch", "A packet.")
    monkeypatch.chdir(tmp_path)
    status = main(["fix", "."])
    out, err = capsysbinary.readouterr()
    assert status == 1
    assert b'+A {{Glossary("packet")}}.' in out
    assert b"1 places to fix in 1 files" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_file_swapped_for_a_pipe_after_reading_is_skipped_not_waited_on(tmp_path, monkeypatch):
    from gloss_graph import fixes

    tree(tmp_path)
    path = write(tmp_path, "Switch", "A packet.")
    planned = fixes.mention_edits

    def then_swap(*args, **kwargs):
        edits = planned(*args, **kwargs)
        path.unlink()
        os.mkfifo(path)  # opening it to read would wait for a writer forever
        return edits

    monkeypatch.setattr(fixes, "mention_edits", then_swap)
    result = gloss_graph.fix([str(tmp_path)], write=True)
    assert result.changes == [] and result.written == [] and result.exit_status == 1
    assert [why for _, why in result.skipped] == ["cannot read the file: is not a regular file (a pipe, socket or device)"]

"""Which names are one unit: suffixes and prefixes, ambiguity shown not guessed, the auditor's word kept."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from app.across.names import core, distinctive_forms, forms
from app.across.units import resolve
from app.workspace import Workspace, schema
from app.workspace import units as stored
from app.workspace.identity import unit_key
from fixture_paths import FIXTURES


def names(*orgs: str) -> dict[str, str]:
    return {unit_key(o): o for o in orgs}


def test_cores_drop_width_spaces_and_the_government_suffix():
    assert core("淮安市洪泽区人民政府") == "淮安市洪泽区"
    assert core("ＸＸ街道 办事处") == core("XX街道办事处") == "XX街道"
    assert core("洪泽区政府") == "洪泽区"
    assert core("淮安市人民政府办公室") == "淮安市人民政府办公室"  # the office is another reporting body
    assert core("人民政府") == "人民政府"
    assert forms("昌乐县乔官镇人民政府")[:3] == ("昌乐县乔官镇人民政府", "昌乐县乔官镇", "乔官镇")
    assert "乔官镇" in distinctive_forms("昌乐县乔官镇人民政府")


@pytest.mark.parametrize("a, b", [
    ("朱阳关镇人民政府", "朱阳关镇"),  # 人民政府 dropped
    ("昌乐县乔官镇人民政府", "乔官镇人民政府"),  # county prefix one name has
    ("淮安市洪泽区人民政府", "洪泽区"),  # city prefix and suffix at once
    ("ＸＸ街道办事处", "XX街道"),  # width and 办事处
    ("卢氏县 朱阳关镇", "三门峡市卢氏县朱阳关镇人民政府"),
])
def test_name_variants_are_one_unit(a, b):
    units = resolve(names(a, b))
    assert units.same(unit_key(a), unit_key(b)) and not units.ambiguous
    assert units.explain(unit_key(a), unit_key(b))  # and the finding says why


@pytest.mark.parametrize("a, b", [
    ("淮安市人民政府", "淮安市洪泽区人民政府"),  # a city and one of its districts
    ("淮安市人民政府", "淮安市人民政府办公室"),  # a government and its office
    ("获嘉县城关镇人民政府", "封丘县城关镇人民政府"),
    ("后宫乡", "后宫镇"),
])
def test_different_units_stay_apart(a, b):
    assert not resolve(names(a, b)).same(unit_key(a), unit_key(b))


def test_a_name_fitting_two_units_is_ambiguous_and_joined_to_neither():
    units = resolve(names("城关镇人民政府", "获嘉县城关镇人民政府", "封丘县城关镇人民政府"))
    (amb,) = units.ambiguous
    assert amb.org == "城关镇人民政府"
    assert sorted(org for _, org in amb.candidates) == ["封丘县城关镇人民政府", "获嘉县城关镇人民政府"]
    assert not units.same(unit_key("城关镇人民政府"), unit_key("获嘉县城关镇人民政府"))
    assert not units.same(unit_key("城关镇人民政府"), unit_key("封丘县城关镇人民政府"))


def test_the_auditors_links_and_unlinks_win():
    a, b, c = "城关镇人民政府", "获嘉县城关镇人民政府", "封丘县城关镇人民政府"
    link = stored.UnitLink(*sorted([unit_key(a), unit_key(b)]), "", "", True)
    units = resolve(names(a, b, c), [link])
    assert units.same(unit_key(a), unit_key(b)) and not units.same(unit_key(a), unit_key(c))
    assert not units.ambiguous and "审核人员已将" in units.explain(unit_key(a), unit_key(b))
    unlink = stored.UnitLink(*sorted([unit_key("朱阳关镇"), unit_key("朱阳关镇人民政府")]), "", "", False)
    assert not resolve(names("朱阳关镇", "朱阳关镇人民政府"), [unlink]).same(unit_key("朱阳关镇"), unit_key("朱阳关镇人民政府"))


def test_links_and_the_aggregate_are_kept_in_the_store(tmp_path):
    db = tmp_path / "ws.db"
    with Workspace.open(db) as ws:
        assert stored.set_link(ws, "城关镇人民政府", "获嘉县城关镇人民政府", linked=True) is None
        earlier = stored.set_link(ws, "获嘉县城关镇人民政府", "城关镇人民政府", linked=False)
        assert earlier is not None and earlier.linked
        stored.set_aggregate(ws, "获嘉县人民政府")
        with pytest.raises(ValueError):
            stored.set_link(ws, "城关镇", "城关镇", linked=True)
    with Workspace.open(db) as ws:
        (link,) = stored.links(ws)
        assert not link.linked and {link.org_a, link.org_b} == {"城关镇人民政府", "获嘉县城关镇人民政府"}
        assert stored.aggregates(ws) == {unit_key("获嘉县人民政府"): "获嘉县人民政府"}
        stored.clear_link(ws, "城关镇人民政府", "获嘉县城关镇人民政府")
        stored.set_aggregate(ws, "获嘉县人民政府", aggregate=False)
        assert stored.links(ws) == [] and stored.aggregates(ws) == {}


def test_the_first_release_database_migrates_to_unit_links_and_keeps_its_data(tmp_path):
    db = tmp_path / "v1.db"
    shutil.copyfile(FIXTURES / "workspace" / "workspace-v1.db", db)
    conn = sqlite3.connect(db)
    assert schema.version(conn) == 1
    conn.close()
    with Workspace.open(db) as ws:
        assert schema.version(ws.conn) == schema.VERSION >= 2
        assert ws.decisions(1)["T3-ARITH:fixture"].reason == "读取有误"
        stored.set_link(ws, "城关镇", "获嘉县城关镇", linked=True)
    with Workspace.open(db) as ws:
        assert len(stored.links(ws)) == 1 and ws.documents()[0]["sha256"] == "0" * 64

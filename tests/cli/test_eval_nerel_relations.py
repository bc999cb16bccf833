"""`rupress eval nerel` reports entities, EVENT mentions and relations in one command."""
from typer.testing import CliRunner

from pipeline.cli.app import app

TEXT = "Губернатор Олег Смирнов посетил Казань 5 мая 2022 года."
ANN = ("T1\tPERSON 11 23\tОлег Смирнов\n"
       "T2\tEVENT 24 31\tпосетил\n"
       "T3\tCITY 32 38\tКазань\n"
       "R1\tTAKES_PLACE_IN Arg1:T2 Arg2:T3\n")


def test_eval_nerel_prints_events_and_relations(tmp_path):
    assert TEXT[11:23] == "Олег Смирнов" and TEXT[24:31] == "посетил" and TEXT[32:38] == "Казань"
    (tmp_path / "1.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "1.ann").write_text(ANN, encoding="utf-8")
    res = CliRunner().invoke(app, ["eval", "nerel", str(tmp_path), "--no-baseline"])
    assert res.exit_code == 0, res.output
    assert "NEREL events and relations: 1 document from" in res.output
    rows = {ln.split()[0]: ln.split() for ln in res.output.splitlines() if ln.strip()}
    assert "PER" in rows and "EVENT" in rows and "TAKES_PLACE_IN" in rows
    assert int(rows["EVENT"][1]) + int(rows["EVENT"][3]) == 1  # tp + fn: the one gold EVENT
    res = CliRunner().invoke(app, ["eval", "nerel", str(tmp_path), "--no-baseline", "--no-relations"])
    assert res.exit_code == 0 and "events and relations" not in res.output

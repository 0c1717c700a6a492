"""NWB export (`raphe export RESULTS --nwb`): every exported file is read back with pynwb, passes
the NWB Inspector without critical or error findings, and carries the results file's spike
times, units and sample times.

Most tests export a stand-in microdialysis run (engine replaced, see
test_microdialysis_standin); two export real `drn-dose-response` and `acute-microdialysis`
runs at reduced scale (the circuit and windows of test_cli_run_engine, so cached).
"""

from __future__ import annotations

import os
import re
import sys

import h5py
import numpy as np
import pytest

from raphe.experiments import cli

import test_microdialysis_standin as standin

# pynwb and nwbinspector are in the test extra: a missing one fails here, it is not skipped
import pynwb  # noqa: E402
from nwbinspector import Importance, inspect_nwbfile  # noqa: E402

# Spikes lie on the circuit's 0.1 ms grid and samples on a minute grid; 1 ns (1e-9 s) is far
# below both, so this tolerance only absorbs float64 rounding of the min/ms -> s conversion.
TIME_ATOL_S = 1e-9

TINY = """
[experiment]
name = "tiny"
description = "two small groups"
protocol = "microdialysis"
seed = 11

[circuit]
scale = 0.05

[engine]
window = "2 s"

[microdialysis]
regions = ["PFC", "NAc", "DRN"]
baseline = "40 min"
duration = "60 min"
sample_interval = "20 min"
baseline_samples = 2
spike_windows = ["-10 min", "30 min"]

[cohort]
n = 2

[[group]]
name = "vehicle"

[[group]]
name = "citalopram"
label = "citalopram 2.5 mg/kg i.p."
doses = [{ drug = "citalopram", amount = "2.5 mg/kg", route = "ip" }]
"""

BAD = (Importance.CRITICAL, Importance.ERROR, Importance.PYNWB_VALIDATION)


@pytest.fixture
def tiny_results(tmp_path, monkeypatch):
    return standin.run_tiny(tmp_path, monkeypatch, TINY)


def _err(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err


def _text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


# ---------------------------------------------------------------- the checks every export passes


def check_export(results, paths):
    """Read every exported file back and compare it with the results file."""
    with h5py.File(results, "r") as h5:
        subjects = sorted(h5["subjects"])
        assert len(paths) == len(subjects)
        for path in paths:
            findings = [m for m in inspect_nwbfile(nwbfile_path=str(path)) if not_allowed(m)]
            assert not findings, [(m.importance.name, m.check_function_name, m.message) for m in findings]
            with pynwb.NWBHDF5IO(str(path), "r") as io:
                nwb = io.read()
                sid = nwb.subject.subject_id
                assert path.name.endswith(f"-{sid}.nwb") and sid in subjects
                check_subject(h5, nwb, sid)
                assert set(nwb.processing) <= SCHEMA_MODULES, set(nwb.processing)
                check_series(h5, nwb)
                check_samples(h5, nwb, sid)
                check_spikes(h5, nwb, sid)


#: the NWB schema's processing-module names (nwbinspector's check_processing_module_name)
SCHEMA_MODULES = {"ophys", "ecephys", "icephys", "behavior", "misc", "ogen", "retinotopy"}


def not_allowed(message) -> bool:
    """No critical finding, error or best-practice violation, except the low-rate heuristic.

    ``check_rate_not_below_threshold`` flags rates under 0.01 Hz as a period given for a rate;
    the model's slow series are truly sampled every 5 min (PK), 20 min (dialysis) or a day
    (chronic), and :func:`check_series` checks each series' times against the HDF5 file, so
    a rate there is the real one (stored as timestamps, the same series would fail
    check_regular_timestamps instead).
    """
    if message.importance in BAD:
        return True
    return (message.importance == Importance.BEST_PRACTICE_VIOLATION
            and message.check_function_name != "check_rate_not_below_threshold")


def dose_time(nwb) -> float:
    """NWB time of the first dose: the start of the 'post-dose' epoch."""
    ep = nwb.epochs.to_dataframe()
    post = ep[ep["tags"].apply(lambda t: "post-dose" in t)]
    assert len(post) == 1
    return float(post["start_time"].iloc[0])


def check_subject(h5, nwb, sid):
    a = h5["subjects"][sid].attrs
    assert nwb.subject.species == "Rattus norvegicus"
    assert nwb.subject.weight == f"{float(a['body_weight_g']):.1f} g"
    assert f"group '{_text(a['group'])}'" in nwb.subject.description
    assert nwb.protocol == _text(h5.attrs["config_effective_toml"])
    assert f"seed {int(h5.attrs['seed'])}" in nwb.data_collection


def _time_of(h5, source: str):
    """Protocol times (s from the first dose) of the samples of an HDF5 dataset."""
    parts = source.strip("/").split("/")
    if parts[0] == "subjects":
        return h5[f"subjects/{parts[1]}/time"][()] * 60.0
    if parts[0] in ("microdialysis", "electrophysiology"):
        ds = h5["/".join(parts[:-1] + ["time_min"])]
        assert ds.attrs["units"] == "min"
        return ds[()] * 60.0
    if parts[0] == "chronic" and parts[3] == "course":
        return h5["/".join(parts[:4] + ["time_day"])][()] * 86400.0
    if parts[0] == "chronic" and parts[3] == "ssri_challenge":
        g = h5["/".join(parts[:4])]
        return float(g.attrs["day"]) * 86400.0 + g["time_min"][()] * 60.0
    raise AssertionError(f"no time axis known for {source}")


def check_series(h5, nwb):
    """Every TimeSeries: data, unit and sample times equal to the HDF5 dataset it names."""
    series = list(nwb.acquisition.values())
    for mod in nwb.processing.values():
        series += [x for x in mod.data_interfaces.values() if isinstance(x, pynwb.TimeSeries)]
    assert series
    t_dose = dose_time(nwb)
    for ts in series:
        m = re.search(r"HDF5 source: (\S+)", ts.comments)
        assert m, ts.name
        ds = h5[m.group(1)]
        assert ts.unit == _text(ds.attrs["units"]), ts.name
        np.testing.assert_array_equal(ts.data[()], ds[()], err_msg=ts.name)
        t = np.asarray(ts.get_timestamps()[()])
        assert np.all(t >= 0), ts.name
        if len(t) > 2 and np.unique(np.diff(t).round(9)).size == 1:  # regular: a rate, not timestamps
            assert ts.timestamps is None and ts.rate == pytest.approx(1 / (t[1] - t[0])), ts.name
        np.testing.assert_allclose(t - t_dose, _time_of(h5, ds.name), rtol=0, atol=TIME_ATOL_S, err_msg=ts.name)


def check_samples(h5, nwb, sid):
    """Dialysate samples: per region and analyte in nM and % of baseline, with collection intervals."""
    group = _text(h5["subjects"][sid].attrs["group"])
    base = h5.get(f"microdialysis/{group}/{sid}")
    if base is None:
        return
    table = nwb.intervals["dialysate_samples"].to_dataframe()
    t_dose = dose_time(nwb)
    n = 0
    for region in base:
        for analyte in base[region]:
            d = base[region][analyte]
            assert nwb.acquisition[f"dialysate_{region}_{analyte}"].unit == "nM"
            assert nwb.acquisition[f"percent_baseline_{region}_{analyte}"].unit == "percent"
            rows = table[(table["region"] == region) & (table["analyte"] == analyte)]
            np.testing.assert_allclose(rows["start_time"].to_numpy() - t_dose, d["start_min"][()] * 60,
                                       rtol=0, atol=TIME_ATOL_S)
            np.testing.assert_allclose(rows["stop_time"].to_numpy() - t_dose, d["end_min"][()] * 60,
                                       rtol=0, atol=TIME_ATOL_S)
            np.testing.assert_array_equal(rows["dialysate_nM"].to_numpy(), d["dialysate_nM"][()])
            np.testing.assert_array_equal(rows["below_lod"].to_numpy(dtype=bool), d["below_lod"][()])
            n += len(rows)
    assert n == len(table) > 0


def check_spikes(h5, nwb, sid):
    """Units: each neuron's spike times equal its SONATA spikes; every spike of the subject is there."""
    if "spikes" not in h5:  # electrophysiology: the recorded units' trains (record_spikes), if any
        group = _text(h5["subjects"][sid].attrs["group"])
        days = h5.get(f"chronic/{group}/{sid}")
        if days is not None:  # chronic: each recording day's units in one window
            want = [np.sort(d["spike_times"][()][d["spike_unit"][()] == k]) for _, d in sorted(days.items())
                    if "spike_times" in d for k in range(len(d["neurons"]))]
            if not want:
                assert nwb.units is None
                return
            assert len(nwb.units) == len(want)
            for i, w in enumerate(want):
                got = np.asarray(nwb.units.get_unit_spike_times(i))
                start = np.asarray(nwb.units["obs_intervals"][i])[0, 0]
                np.testing.assert_allclose((got - start) * 1000.0, w, rtol=0, atol=TIME_ATOL_S * 1000)
            return
        base = h5.get(f"electrophysiology/{group}/{sid}")
        trains = [u for u in sorted(base) if "spike_times" in base[u]] if base is not None else []
        if not trains:
            assert nwb.units is None
            return
        assert len(nwb.units) == len(trains)
        for i, u in enumerate(trains):
            got = (np.asarray(nwb.units.get_unit_spike_times(i)) - dose_time(nwb)) * 1000.0  # ms from the dose
            np.testing.assert_allclose(got, base[u]["spike_times"][()], rtol=0, atol=TIME_ATOL_S * 1000)
        return
    origin_ms = float(h5["spikes"].attrs["origin_ms"])
    t_dose = dose_time(nwb)
    expected = 0
    for pop in h5["spikes"]:
        g = h5["spikes"][pop]
        subj = [_text(s) for s in g["node_table/subject"][()]]
        if sid in subj:
            r = subj.index(sid)
            first, n = int(g["node_table/first_node_id"][r]), int(g["node_table/n_nodes"][r])
            ids = g["node_ids"][()]
            expected += int(np.sum((ids >= first) & (ids < first + n)))
    if expected == 0:
        assert nwb.units is None or len(nwb.units) == 0
        return
    units = nwb.units.to_dataframe()
    assert units["spike_times"].apply(len).sum() == expected
    for pop, rows in units.groupby("population"):
        g = h5["spikes"][pop]
        ts, ids = g["timestamps"][()], g["node_ids"][()]
        assert g["timestamps"].attrs["units"] == "ms"
        for _, row in rows.iterrows():
            want = np.sort(ts[ids == row["node_id"]]) + origin_ms  # ms from the first dose
            got = (np.asarray(row["spike_times"]) - t_dose) * 1000.0
            np.testing.assert_allclose(got, want, rtol=0, atol=TIME_ATOL_S * 1000)
            if "obs_intervals" in units:  # every spike lies in a recorded window
                t, obs = np.asarray(row["spike_times"])[:, None], np.asarray(row["obs_intervals"])
                assert np.all(np.any((t >= obs[:, 0]) & (t < obs[:, 1]), axis=1))


# ---------------------------------------------------------------- fast: stand-in engine


def test_export_stand_in_microdialysis(tiny_results, tmp_path, capsys):
    out = tmp_path / "nwb" / "tiny.nwb"
    capsys.readouterr()
    assert cli.main(["export", str(tiny_results), "--nwb", str(out)]) == 0
    printed = capsys.readouterr().out
    paths = sorted(out.parent.glob("*.nwb"))
    assert [p.name for p in paths] == sorted(f"tiny-{s}.nwb" for s in
                                             ("vehicle-01", "vehicle-02", "citalopram-01", "citalopram-02"))
    assert "one per subject" in printed and all(str(p) in printed for p in paths)
    assert not list(out.parent.glob(".*"))  # no temporaries left
    check_export(tiny_results, paths)
    with pynwb.NWBHDF5IO(str(out.parent / "tiny-vehicle-01.nwb"), "r") as io:
        nwb = io.read()
        assert nwb.units is not None and len(nwb.units) > 0
        assert "obs_intervals" in nwb.units.colnames   # [engine] window = "2 s" is known
        assert nwb.units.resolution == pytest.approx(1e-4)   # the circuit's dt
        assert len(nwb.intervals["dialysate_samples"]) == 5 * 5   # 5 samples x 5 region/analyte pairs


def test_export_default_name_and_subject_choice(tiny_results, capsys):
    """One subject exported: the file is OUT.nwb itself (default OUT: RESULTS with .nwb)."""
    assert cli.main(["export", str(tiny_results), "--nwb", "--subject", "citalopram-02",
                     "--age", "P9W", "--sex", "M", "--experimenter", "Doe, Jane",
                     "--institution", "Virtual Lab"]) == 0
    path = tiny_results.with_suffix(".nwb")
    assert path.exists() and len(list(tiny_results.parent.glob("*.nwb"))) == 1
    assert str(path) in capsys.readouterr().out
    with pynwb.NWBHDF5IO(str(path), "r") as io:
        nwb = io.read()
        assert (nwb.subject.subject_id, nwb.subject.age, nwb.subject.sex) == ("citalopram-02", "P9W", "M")
        assert list(nwb.experimenter) == ["Doe, Jane"] and nwb.institution == "Virtual Lab"


def test_the_nwb_path_rule_is_in_the_help_and_kept_for_one_subject(tiny_results, tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "OUT-<subject>.nwb" in help_text and "OUT.nwb itself when one subject is exported" in help_text
    out = tmp_path / "given.nwb"
    assert cli.main(["export", str(tiny_results), "--nwb", str(out), "--subject", "vehicle-01"]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.nwb")) == ["given.nwb"]
    assert cli.main(["export", str(tiny_results), "--nwb", str(out)]) == 0  # several: one per subject
    assert {p.name for p in tmp_path.glob("given-*.nwb")} == {
        "given-vehicle-01.nwb", "given-vehicle-02.nwb", "given-citalopram-01.nwb", "given-citalopram-02.nwb"}


@pytest.mark.parametrize("args,words,code", [
    (["--nwb", "out.h5"], ".nwb", 2),
    ([], "--nwb", 2),
    (["--nwb", "--subject", "nobody"], "vehicle-01", 2),
    (["--nwb", "--sex", "male"], "sex", 2),
    (["--nwb", "--age", "9 weeks"], "ISO 8601", 2),
])
def test_bad_arguments_one_line_and_nothing_written(tiny_results, capsys, args, words, code):
    capsys.readouterr()
    assert cli.main(["export", str(tiny_results), *args]) == code
    assert words in _err(capsys)
    assert not list(tiny_results.parent.glob("*.nwb"))


def test_missing_pynwb_names_the_extra(tiny_results, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pynwb", None)  # import pynwb -> ImportError
    capsys.readouterr()
    assert cli.main(["export", str(tiny_results), "--nwb"]) == 1
    err = _err(capsys)
    assert "pynwb" in err and "raphe[nwb]" in err


def test_bad_results_files(tiny_results, tmp_path, capsys):
    foreign = tmp_path / "foreign.h5"
    with h5py.File(foreign, "w") as h5:
        h5["x"] = 1
    incomplete = tmp_path / "incomplete.h5"
    incomplete.write_bytes(tiny_results.read_bytes())
    with h5py.File(incomplete, "a") as h5:
        h5.attrs["complete"] = False
    truncated = tmp_path / "truncated.h5"
    truncated.write_bytes(tiny_results.read_bytes()[: tiny_results.stat().st_size // 2])
    binding = tmp_path / "binding.h5"
    binding.write_bytes(tiny_results.read_bytes())
    with h5py.File(binding, "a") as h5:
        h5.attrs["protocol"] = "binding"
    capsys.readouterr()
    for f, words, code in ((foreign, "not a raphe results file", 2), (incomplete, "incomplete", 2),
                           (truncated, "HDF5", 2), (tmp_path / "missing.h5", "no such file", 2),
                           (binding, "no subjects", 2)):
        assert cli.main(["export", str(f), "--nwb"]) == code, f
        err = _err(capsys)
        assert str(f) in err and words in err, err
    assert not list(tmp_path.glob("*.nwb"))


def test_write_failure_keeps_finished_files_and_no_partial(tiny_results, tmp_path, monkeypatch, capsys):
    import errno
    import os

    real_replace = os.replace

    def full(src, dst):
        if str(dst).endswith("vehicle-02.nwb"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "x.nwb"
    capsys.readouterr()
    assert cli.main(["export", str(tiny_results), "--nwb", str(out)]) == 1
    err = _err(capsys)
    assert "no space left on device" in err and "x-vehicle-02.nwb" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.glob("x-*")) == ["x-vehicle-01.nwb"]   # finished before
    assert not list(tmp_path.glob(".x-*"))                                        # no partial file
    with pynwb.NWBHDF5IO(str(tmp_path / "x-vehicle-01.nwb"), "r") as io:
        assert io.read().subject.subject_id == "vehicle-01"


# ---------------------------------------------------------------- real engine, reduced scale

# The settings of test_cli_run_engine's end-to-end runs (quarter scale, seed 7): same circuit,
# same response-surface windows, so after those tests these runs are cache hits.
SMALL = ["--subjects", "1", "--seed", "7", "--set", "circuit.scale=0.25", "--quiet", "--no-plot"]
SHORT_MD = ["--set", "microdialysis.duration=40 min", "--set", 'microdialysis.spike_windows=["-10 min", "20 min"]']


def test_export_drn_dose_response(tmp_path, capsys):
    results = tmp_path / "drn.h5"
    assert cli.main(["run", "drn-dose-response", "--out", str(results),
                     "--set", "electrophysiology.units_per_subject=2", *SMALL]) == 0
    assert cli.main(["export", str(results), "--nwb", str(tmp_path / "drn.nwb")]) == 0
    paths = sorted(tmp_path.glob("drn-*.nwb"))
    check_export(results, paths)
    with h5py.File(results, "r") as h5, pynwb.NWBHDF5IO(str(tmp_path / "drn-citalopram-01.nwb"), "r") as io:
        nwb = io.read()
        units = nwb.processing["ecephys"]["single_units"].to_dataframe()
        base = h5["electrophysiology/citalopram/citalopram-01"]
        assert list(units["unit"]) == sorted(base) and len(units) == 2
        assert list(units["neuron"]) == [int(base[u].attrs["neuron"]) for u in sorted(base)]
        for u in sorted(base):
            rate = nwb.processing["ecephys"][f"{u}_rate"]
            assert rate.unit == "Hz"
            np.testing.assert_array_equal(rate.data[()], base[u]["rate_hz"][()])
        assert nwb.processing["ecephys"]["cumulative_dose"].unit == "mg/kg"
        assert "WAY-100635" in nwb.pharmacology
        # record_spikes = "first": the first subject's units as spike trains, equal to the file's
        assert nwb.units is not None and list(nwb.units["unit"][:]) == sorted(base)
        assert nwb.units.resolution == pytest.approx(h5.attrs["dt_ms"] * 1e-3)
        for i, u in enumerate(sorted(base)):
            ms = base[u]["spike_times"][()]
            assert base[u]["spike_times"].attrs["units"] == "ms" and len(ms) > 0
            nwb_t = np.asarray(nwb.units.get_unit_spike_times(i))
            shift = nwb_t - ms * 1e-3  # one offset (the run's earliest time) for every spike
            assert len(nwb_t) == len(ms) and np.ptp(shift) < 1e-9 and shift[0] >= 0
            win = base[u]["spike_windows"][()]
            assert len(nwb.units["obs_intervals"][i]) == len(win) == len(base[u]["time_min"][()])
            assert np.all((ms >= win[:, :1].min()) & (ms <= win[:, 1:].max()))


def test_export_acute_microdialysis(tmp_path):
    results = tmp_path / "acute.h5"
    assert cli.main(["run", "acute-microdialysis", "--out", str(results),
                     "--set", "engine.window=4 s", *SHORT_MD, *SMALL]) == 0
    assert cli.main(["export", str(results), "--nwb", str(tmp_path / "acute.nwb")]) == 0
    paths = sorted(tmp_path.glob("acute-*.nwb"))
    check_export(results, paths)
    with pynwb.NWBHDF5IO(str(tmp_path / "acute-sertraline-10-01.nwb"), "r") as io:
        nwb = io.read()
        assert set(nwb.units.to_dataframe()["population"]) >= {"DRN_5HT", "PFC_E", "NAc_D1"}
        assert "obs_intervals" in nwb.units.colnames
        pk = nwb.processing["misc"]
        assert pk["occupancy_SERT"].unit == "1" and pk["brain_free_nM_sertraline"].unit == "nM"
        assert "sertraline 10 mg/kg" in nwb.pharmacology


def test_export_chronic(tmp_path):
    results = tmp_path / "chronic.h5"
    assert cli.main(["run", "chronic-ssri", "--out", str(results), *SMALL,
                     "--set", "chronic.duration=3 day", "--set", "chronic.recording_days=[1, 3]",
                     "--set", "chronic.agonist_challenge.day=3", "--set", "chronic.ssri_challenge.day=2"]) == 0
    assert cli.main(["export", str(results), "--nwb", str(tmp_path / "chronic.nwb")]) == 0
    paths = sorted(tmp_path.glob("chronic-*.nwb"))
    check_export(results, paths)
    with h5py.File(results, "r") as h5, pynwb.NWBHDF5IO(str(tmp_path / "chronic-citalopram-20-01.nwb"), "r") as io:
        mod = io.read().processing["misc"]
        base = h5["chronic/citalopram-20/citalopram-20-01"]
        units = mod["unit_recordings"].to_dataframe()
        for day in ("day_001.0", "day_003.0"):
            rows = units[units["day"] == base[day].attrs["day"]]
            assert list(rows["neuron"]) == list(base[day]["neurons"][()])
            np.testing.assert_array_equal(rows["rate_hz"].to_numpy(), base[day]["unit_rates_hz"][()])
        ag = mod["agonist_challenge"].to_dataframe()
        assert len(ag) == base["agonist_challenge/rate_hz"].size


def test_results_to_nwb_writes_what_the_command_writes(tiny_results, tmp_path):
    import raphe

    paths = raphe.load(tiny_results).to_nwb(tmp_path / "api.nwb", subjects=["citalopram-01"])
    assert paths == [tmp_path / "api.nwb"]  # one subject: the path given
    assert cli.main(["export", str(tiny_results), "--nwb", str(tmp_path / "cli.nwb"),
                     "--subject", "citalopram-01"]) == 0
    with pynwb.NWBHDF5IO(str(paths[0]), "r") as a, \
            pynwb.NWBHDF5IO(str(tmp_path / "cli.nwb"), "r") as b:
        x, y = a.read(), b.read()
        assert x.identifier == y.identifier and sorted(x.acquisition) == sorted(y.acquisition)
        np.testing.assert_array_equal(x.units["spike_times"].target.data[()], y.units["spike_times"].target.data[()])


def test_unwritable_output_is_refused_before_reading(tiny_results, tmp_path, capsys):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):  # root ignores permissions: use a path under a file instead
            target = tmp_path / "a-file" / "x.nwb"
            (tmp_path / "a-file").write_text("")
        else:
            target = locked / "sub" / "x.nwb"
        capsys.readouterr()
        assert cli.main(["export", str(tiny_results), "--nwb", str(target)]) == 2
        assert "writable" in _err(capsys)
        assert not (locked / "sub").exists()
    finally:
        locked.chmod(0o700)

"""Export a results file to NWB (Neurodata Without Borders), one file per subject.

NWB holds one session of one subject per file, so :func:`export` writes one
file per virtual animal: ``OUT.nwb`` names the set, and the files are
``OUT-<subject>.nwb`` next to it (``results/acute.nwb`` ->
``results/acute-vehicle-01.nwb``, ``results/acute-sertraline-10-01.nwb``, ...);
when one subject is exported its file is ``OUT.nwb`` itself.
pynwb is an optional dependency: ``python3 -m pip install 'raphe[nwb]'``.

What goes where
---------------
==============================  ==============================================
results file (HDF5)             NWB file of one subject
==============================  ==============================================
root attributes                 session: description, start (the run's
                                ``created``), ``protocol`` (the effective
                                config, TOML), ``was_generated_by`` (versions),
                                ``data_collection`` (seed, commit, overrides)
``/subjects/<id>`` attributes   ``Subject``: species, body weight, group and
                                regimen (description)
``/spikes`` (SONATA)            ``units``: one row per neuron of the subject
                                (columns ``population``, ``neuron``,
                                ``node_id``), spike times in s, observation
                                windows
``/microdialysis/...``          ``acquisition``: ``dialysate_<region>_<analyte>``
                                (nM) and ``percent_baseline_<region>_<analyte>``
                                at the sample mid-times;
                                ``intervals/dialysate_samples``: every sample
                                with its collection interval
``/subjects/<id>/...``          ``processing/misc`` (the schema's module for
                                data of no other kind): circuit readouts
                                (concentrations, rates, receptor activation)
                                and pharmacokinetics (plasma, free brain,
                                occupancy, fast inputs)
``/electrophysiology/...``      ``processing/ecephys``: table
                                ``single_units``; per unit its firing rate and
                                % of baseline at the sample times;
                                ``cumulative_dose``
``/chronic/...``                ``processing/misc``: the slow course,
                                ``recording_days``, ``unit_recordings``,
                                ``agonist_challenge``, the SSRI challenge
==============================  ==============================================

Every time series keeps the unit of its HDF5 dataset and names that dataset
in its ``comments`` (``HDF5 source: /subjects/...``); evenly spaced samples are
stored as a starting time and rate, others with timestamps.

Times
-----
NWB times are seconds from the session's reference time and should not be
negative; raphe's protocol time is 0 at the first dose (or vehicle), so
baseline samples are negative. NWB time 0 is therefore the earliest time
stored in the run (the same for every subject of a run): protocol time =
NWB time + offset, with the offset (s) in each file's ``notes``; the epochs
``pre-dose`` and ``post-dose`` mark the first dose.

Single units of the electrophysiology protocol are stored as firing rates at
the sample times (exported as rate series and a table) and, for the subjects
its ``record_spikes`` option names, as spike trains in a spiking window at
each sample time: those are the NWB ``units`` table (with the windows as
``obs_intervals``); so are the chronic protocol's units, one spiking window
per recording day. The
microdialysis protocol's recorded windows are the ``units`` table of its
files. The resolution of spike times is the file's ``dt_ms`` (the circuit's
time step; left out for a file written before it was stored).
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import tomllib
import uuid
from pathlib import Path

import numpy as np

from raphe import __version__
from raphe.io import labels as run_labels, read as results_io
from raphe.errors import RapheError, RapheInputError, ResultsFileError, WriteError

log = logging.getLogger(__name__)

#: Protocols whose results have subjects (NWB sessions); binding panels and sweeps have none.
SUPPORTED = ("microdialysis", "electrophysiology", "chronic")

#: NWB's species (Latin binomial) and the default age of the model animal per raphe species.
#: The model has no age: "adult" is given as an open ISO 8601 range from sexual maturity,
#: about 6 weeks in the rat [R2] (Sengupta 2013 Int J Prev Med 4:624) and 18 years in humans [U].
SPECIES = {"rat": ("Rattus norvegicus", "P6W/"), "human": ("Homo sapiens", "P18Y/")}

#: NWB's sex codes (the model animal has none: "U", unknown, by default).
SEXES = ("M", "F", "U", "O")

#: Population recorded by the electrophysiology protocol in results schema 1, whose unit
#: groups do not name it (the protocol records identified DRN 5-HT units only).
EPHYS_POPULATION = "DRN_5HT"

INSTALL_HINT = "python3 -m pip install 'raphe[nwb]' (in a checkout: python3 -m pip install -e '.[nwb]')"

_DURATION = r"P(?=\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?"
_AGE = re.compile(rf"{_DURATION}(?:/(?:{_DURATION})?)?")

_SECONDS = {"ms": 1e-3, "s": 1.0, "second": 1.0, "min": 60.0, "h": 3600.0, "hour": 3600.0,
            "day": 86400.0}

_DESCRIPTIONS = {
    "concentration": "extracellular concentration (spiking-window average at that time's slow inputs, "
                     "interpolated from the engine's response surface)",
    "rate": "population mean firing rate (spiking-window average)",
    "receptor_activation": "mean fraction of receptors activated (operational model)",
    "pk/plasma_ng_per_ml": "total plasma concentration",
    "pk/brain_free_nM": "free (unbound) brain extracellular concentration",
    "pk/occupancy": "target occupancy by all drugs on board (competitive binding)",
    "pk/fast_inputs": "drug-agnostic fast input of the spiking circuit (occupancy, agonist or "
                      "competitor term, receptor sensitivity)",
}


def _pynwb():
    try:
        import pynwb
    except ImportError:
        raise RapheError(f"NWB export needs pynwb, which is not installed: {INSTALL_HINT}") from None
    return pynwb


def _text(v) -> str:
    return v.decode() if isinstance(v, bytes) else str(v)


def _name(*parts: str) -> str:
    """An NWB object name from path parts ('/' is not allowed in NWB names)."""
    return "_".join(p.replace("/", "_") for p in parts if p)


def nwb_path(out, subject: str, only: bool = False) -> Path:
    """The NWB file of ``subject`` for the output name ``out``: ``OUT.nwb`` itself when it is the
    ``only`` subject exported, else ``OUT-<subject>.nwb`` (NWB holds one subject per file)."""
    out = Path(out)
    return out if only else out.with_name(f"{out.stem}-{subject}.nwb")


def check_output(out, field: str = "--nwb") -> Path:
    """Check an output name before anything is read or written (creates nothing).

    Raises
    ------
    RapheInputError
        If ``out`` does not end in ``.nwb``, is a directory, or its directory
        cannot be created or written.
    """
    out = Path(out)
    if out.suffix.lower() != ".nwb":
        raise RapheInputError(field, str(out), "a path ending in .nwb (files OUT-<subject>.nwb are written)")
    if out.is_dir():
        raise RapheInputError(field, str(out), "a file name, not a directory")
    existing = out.absolute().parent
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise RapheInputError(field, str(out), f"a writable location ({existing} is not writable)")
    return out


def export(results, out=None, *, subjects=None, age: str | None = None, sex: str = "U",
           experimenter=None, institution: str | None = None) -> list[Path]:
    """Write one NWB file per subject of a results file.

    Parameters
    ----------
    results : path
        A complete results file of the microdialysis, electrophysiology or
        chronic protocol.
    out : path, optional
        Output name ``OUT.nwb``: the file itself when one subject is exported, else files
        ``OUT-<subject>.nwb`` next to it. Default: the results file's name with ``.nwb``.
    subjects : sequence of str, optional
        Export only these subjects (default: all).
    age : str, optional
        ISO 8601 age of the animals (default: adult, see :data:`SPECIES`).
    sex : str
        ``"M"``, ``"F"``, ``"U"`` (unknown, the default: the model has no sex) or ``"O"``.
    experimenter : str or sequence of str, optional
        Who ran the simulation (NWB ``experimenter``, e.g. ``"Doe, Jane"``).
    institution : str, optional
        Where it was run (NWB ``institution``).

    Returns
    -------
    list of Path
        The files written, in subject order.

    Raises
    ------
    RapheError
        pynwb is not installed (the message names the extra to install).
    ResultsFileError
        Missing, foreign, truncated or incomplete results file.
    RapheInputError
        Bad ``out``, ``subjects``, ``sex``, or a protocol without subjects.
    """
    pynwb = _pynwb()
    results = Path(results)
    out = check_output(out if out is not None else results.with_suffix(".nwb"),
                       "out" if out is not None else "--nwb")
    if sex not in SEXES:
        raise RapheInputError("sex", sex, "one of " + ", ".join(SEXES))
    if age is not None and not _AGE.fullmatch(age):
        raise RapheInputError("age", age, "an ISO 8601 duration or range, e.g. 'P9W', 'P60D' or 'P6W/P10W'")
    with results_io.open_results(results) as h5:
        run = _Run(h5, results)
        chosen = run.subjects if not subjects else list(subjects)
        unknown = [s for s in chosen if s not in run.subjects]
        if unknown:
            raise RapheInputError("subject", unknown[0], "one of the file's subjects: " + ", ".join(run.subjects))
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise RapheInputError("out", str(out), f"a writable location ({err.strerror or err})") from None
        if isinstance(experimenter, str):
            experimenter = [experimenter]
        people = {"experimenter": list(experimenter)} if experimenter else {}
        if institution:
            people["institution"] = str(institution)
        written = []
        for sid in chosen:
            path = nwb_path(out, sid, only=len(chosen) == 1)
            nwbfile = _build(pynwb, run, sid, age=age, sex=sex, **people)
            _write_atomic(pynwb, nwbfile, path)
            log.info("wrote %s", path)
            written.append(path)
    return written


def _write_atomic(pynwb, nwbfile, path: Path) -> None:
    """Build the file in memory, then write it under a temporary name and rename, so a full disk
    fails in one plain write and no half-written file looks complete."""
    import h5py

    tmp = path.with_name(f".{path.stem}.partial.nwb")
    h5 = h5py.File(f"raphe-nwb-{uuid.uuid4().hex}.nwb", "w", driver="core", backing_store=False)
    io = pynwb.NWBHDF5IO(mode="w", file=h5)
    try:
        io.write(nwbfile)
        h5.flush()
        image = h5.id.get_file_image()
    finally:
        io.close()
    try:
        with open(tmp, "wb") as f:
            f.write(image)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise WriteError(path, err, "files written before it are complete") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------- the run


class _Run:
    """What every subject's file shares: attributes, config, time origin."""

    def __init__(self, h5, path: Path):
        self.h5 = h5
        self.path = path
        self.attrs = {k: (_text(v) if isinstance(v, (bytes, str)) else v) for k, v in h5.attrs.items()}
        self.protocol = self.attrs["protocol"]
        if self.protocol not in SUPPORTED:
            raise RapheInputError("RESULTS", str(path),
                                  f"a results file with subjects ({', '.join(SUPPORTED)}); this one is "
                                  f"of protocol {self.protocol!r}, which has no subjects to export")
        if "subjects" not in h5:
            raise ResultsFileError(f"{path}: damaged {self.protocol} results file (missing /subjects)")
        text = self.attrs.get("config_effective_toml") or self.attrs.get("config_toml", "")
        try:
            self.config = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ResultsFileError(f"{path}: unreadable config_toml attribute ({err})") from None
        if "cohort" in h5 and "subject" in h5["cohort"]:
            order = [_text(s) for s in h5["cohort/subject"][()]]
            self.subjects = [s for s in order if s in h5["subjects"]]
        else:
            self.subjects = sorted(h5["subjects"])
        self.origin_s = self._origin()
        self._spikes: dict = {}

    def section(self, key: str) -> dict:
        v = self.config.get(key, {})
        return v if isinstance(v, dict) else {}

    def _origin(self) -> float:
        """Protocol time (s from the first dose) of NWB time 0: the earliest stored time, at most 0."""
        h5 = self.h5
        lows = [0.0]
        for g in h5["subjects"].values():
            if "time" in g and g["time"].size:
                lows.append(float(np.min(g["time"][()])) * seconds_per(g["time"]))
        if "spikes" in h5 and "origin_ms" in h5["spikes"].attrs:
            lows.append(float(h5["spikes"].attrs["origin_ms"]) * 1e-3)
        if "microdialysis" in h5:
            def visit(name, obj):
                if name.endswith("/start_min") and obj.size:
                    lows.append(float(np.min(obj[()])) * 60.0)
            h5["microdialysis"].visititems(visit)
        if "chronic" in h5:
            def visit_c(name, obj):
                if name.endswith("course/time_day") and obj.size:
                    lows.append(float(np.min(obj[()])) * 86400.0)
            h5["chronic"].visititems(visit_c)
        return min(lows)

    def nwb_time(self, protocol_s):
        """NWB time (s) of protocol time (s from the first dose)."""
        return np.asarray(protocol_s, dtype=float) - self.origin_s

    def spikes(self, population: str) -> dict:
        if population not in self._spikes:
            self._spikes[population] = results_io.spikes(self.path, population)
        return self._spikes[population]

    def dt_s(self) -> float:
        """Time step of the circuit (s), the resolution of spike times: the file's ``dt_ms``, else
        the config's ``[circuit] dt``; -1 (unknown) for a file that records neither."""
        if "dt_ms" in self.attrs:
            return float(self.attrs["dt_ms"]) * 1e-3
        dt = self.section("circuit").get("dt")
        if dt is not None:
            from raphe.units import parse_quantity
            import brian2

            return float(parse_quantity(dt, "circuit.dt", brian2.second) / brian2.second)
        return -1.0

    def window_s(self, group) -> float | None:
        """Length (s) of a recorded spike window: the group's ``duration_ms``, else the file's
        ``window_ms``, else the config's ``[engine] window``."""
        if "duration_ms" in group.attrs:
            return float(group.attrs["duration_ms"]) * 1e-3
        if "window_ms" in self.attrs:
            return float(self.attrs["window_ms"]) * 1e-3
        w = self.section("engine").get("window")
        if w is None:
            return None
        from raphe.units import parse_quantity
        import brian2

        return float(parse_quantity(w, "engine.window", brian2.second) / brian2.second)


def _resolution(run: _Run) -> dict:
    """The Units table's ``resolution`` keyword: the circuit's dt, left out when the file has none."""
    dt = run.dt_s()
    return {"resolution": dt} if dt > 0 else {}


def seconds_per(ds) -> float:
    """Seconds per unit of a time dataset (from its ``units`` attribute)."""
    unit = _text(ds.attrs.get("units", ""))
    if unit not in _SECONDS:
        raise ResultsFileError(f"{ds.file.filename}: {ds.name} has time unit {unit!r}; expected one of "
                               + ", ".join(sorted(_SECONDS)))
    return _SECONDS[unit]


def regular_rate(times) -> float | None:
    """Samples per second of evenly spaced ``times`` (s), else None (fewer than 3, or uneven).

    NWB stores a regular series as ``starting_time`` and ``rate`` rather than timestamps (the
    best practice nwbinspector checks, spacing equal to 1 ns).
    """
    t = np.asarray(times, dtype=float)
    if t.size < 3:
        return None
    step = np.diff(t)
    if step[0] <= 0 or np.unique(step.round(9)).size != 1:
        return None
    return float((t.size - 1) / (t[-1] - t[0]))


class _Clock:
    """One set of sample times (NWB s): a starting time and rate when they are evenly spaced, else
    timestamps that every series after the first links to."""

    def __init__(self, times_s):
        self.times = np.asarray(times_s, dtype=float)
        self.rate = regular_rate(self.times)
        self.first = None

    def series(self, pynwb, *, name, data, unit, description, source="", comments=""):
        note = "; ".join(x for x in (comments, f"HDF5 source: {source}" if source else "") if x)
        if self.rate is not None:
            timing = {"starting_time": float(self.times[0]), "rate": self.rate}
        else:
            timing = {"timestamps": self.first if self.first is not None else self.times}
        ts = pynwb.TimeSeries(name=name, data=np.asarray(data), unit=unit, description=description,
                              comments=note or "no comments", **timing)
        if self.first is None:
            self.first = ts
        return ts


def _series_from(pynwb, clock: _Clock, ds, name: str, description: str, comments: str = ""):
    return clock.series(pynwb, name=name, data=ds[()], unit=_text(ds.attrs.get("units", "1")),
                        description=description, source=ds.name, comments=comments)


def _table(cls, name: str, description: str, n: int, columns: list, **kwargs):
    """A table built from whole columns: ``(name, description, data)`` or, for a ragged column,
    ``(name, description, flat data, row ends)`` (far faster than adding rows one by one)."""
    from hdmf.common import ElementIdentifiers, VectorData, VectorIndex

    cols = []
    for col in columns:
        vd = VectorData(name=col[0], description=col[1], data=np.asarray(col[2]))
        cols.append(vd)
        if len(col) > 3:
            cols.append(VectorIndex(name=f"{col[0]}_index", data=np.asarray(col[3], dtype=np.int64), target=vd))
    return cls(name=name, description=description, id=ElementIdentifiers(name="id", data=np.arange(n)),
               columns=cols, **kwargs)


# ---------------------------------------------------------------- one subject


def _build(pynwb, run: _Run, sid: str, *, age, sex, **people):
    from pynwb.file import Subject

    h5 = run.h5
    a = run.attrs
    sa = {k: (_text(v) if isinstance(v, (bytes, str)) else v) for k, v in h5["subjects"][sid].attrs.items()}
    group = sa.get("group", "")
    exp = run.section("experiment")
    animal = run.section("animal")
    species = animal.get("species", "rat")
    if species not in SPECIES:
        raise RapheInputError("animal.species", species, "a species NWB can name: " + ", ".join(SPECIES))
    binomial, adult = SPECIES[species]
    label = _group_label(run, group)
    regimen = sa.get("regimen") or _ephys_regimen(run, group, sid)
    created = _created(a.get("created", ""))
    offset = run.origin_s
    weight = sa.get("body_weight_g")
    subject = Subject(
        subject_id=sid, species=binomial, sex=sex, age=age or adult,
        weight=f"{float(weight):.1f} g" if weight is not None else None,
        description=(f"virtual {species} simulated by raphe; group '{group}'"
                     + (f" ({label})" if label and label != group else "")
                     + (f"; regimen: {regimen}" if regimen else "")
                     + "; individual factors: " + ", ".join(
                         f"{k} {float(sa[k]):.3g}" for k in ("body_weight_factor", "clearance_factor",
                                                             "volume_factor") if k in sa)
                     + f"; circuit seed {sa.get('circuit_seed', '?')}, engine seed {sa.get('engine_seed', '?')}"
                     + ("" if age else "; age not modelled (adult)")
                     + ("; sex not modelled" if sex == "U" else "")))
    versions = [("raphe", a.get("raphe_version", __version__)), ("brian2", a.get("brian2_version", "")),
                ("numpy", a.get("numpy_version", "")), ("h5py", a.get("h5py_version", "")),
                ("pynwb", pynwb.__version__)]
    nwbfile = pynwb.NWBFile(
        session_description=(run_labels.description(a.get("config_effective_toml") or a.get("config_toml", ""),
                                                a.get("overrides", ""))
                             or exp.get("description") or f"raphe {a.get('experiment', '')}")
        + f" (subject {sid}, group {group})",
        identifier=str(uuid.uuid5(uuid.NAMESPACE_URL,
                                  f"raphe:{a.get('experiment')}:{a.get('seed')}:{a.get('created')}:{sid}")),
        session_start_time=created,
        timestamps_reference_time=created,
        session_id=f"{a.get('experiment', 'raphe')}-{sid}",
        experiment_description=(f"raphe experiment '{a.get('experiment', '')}' ({run.protocol} protocol), "
                                f"seed {a.get('seed')}: a simulation of a virtual {species}, not a recording"),
        keywords=["serotonin", "simulation", "raphe", "brian2", run.protocol],
        **people,
        pharmacology=regimen or "vehicle",
        protocol=a.get("config_effective_toml") or a.get("config_toml", ""),
        data_collection=(f"simulated with raphe {a.get('raphe_version', '')} (git {a.get('git_commit') or 'unknown'}), "
                         f"brian2 {a.get('brian2_version', '')}, seed {a.get('seed')}; config "
                         f"{a.get('config_source', '')}"
                         + (f", overrides: {a['overrides'].replace(chr(10), ', ')}" if a.get("overrides") else "")
                         + f"; results file {run.path.name} created {a.get('created', '')}"),
        notes=(f"Times are s from the earliest time stored in the run, {abs(offset):g} s before the first "
               f"dose (or vehicle): protocol time (s from the first dose) = NWB time - {abs(offset):g} s; "
               f"epoch 'post-dose' starts at the first dose. The 'protocol' field holds the run's "
               f"effective config (TOML)."),
        was_generated_by=[list(v) for v in versions if v[1]],
        subject=subject,
    )
    end, dose = _end_time(run, sid), float(run.nwb_time(0.0))
    if dose > 0:
        nwbfile.add_epoch(start_time=0.0, stop_time=dose, tags=["pre-dose"])
    if end > dose:
        nwbfile.add_epoch(start_time=dose, stop_time=end, tags=["post-dose"])
    _add_subject_series(pynwb, run, nwbfile, sid)
    if run.protocol == "microdialysis":
        _add_microdialysis(pynwb, run, nwbfile, sid, group)
        _add_spike_units(pynwb, run, nwbfile, sid)
    elif run.protocol == "electrophysiology":
        _add_ephys(pynwb, run, nwbfile, sid, group)
    elif run.protocol == "chronic":
        _add_chronic(pynwb, run, nwbfile, sid, group)
    return nwbfile


def _created(text: str) -> datetime.datetime:
    try:
        t = datetime.datetime.fromisoformat(text)
    except ValueError:
        t = datetime.datetime(1970, 1, 1)
    return t if t.tzinfo else t.replace(tzinfo=datetime.timezone.utc)


def _group_label(run: _Run, group: str) -> str:
    for g in run.config.get("group", []) or []:
        if isinstance(g, dict) and g.get("name") == group:
            return g.get("label", "") or ""
    return ""


def _ephys_regimen(run: _Run, group: str, sid: str) -> str:
    """Injections of an electrophysiology group, from its unit group's attributes and doses."""
    g = run.h5.get(f"electrophysiology/{group}/{sid}")
    if g is None:
        return ""
    parts = []
    for cfg in run.config.get("group", []) or []:
        if isinstance(cfg, dict) and cfg.get("name") == group:
            doses = cfg.get("cumulative_doses", [])
            parts.append(f"{_text(g.attrs.get('drug', ''))} {cfg.get('route', 'iv')} in cumulative doses "
                         + ", ".join(map(str, doses)))
            for d in cfg.get("pretreatment", []) or []:
                parts.insert(0, f"pretreatment {d.get('drug')} {d.get('amount')} {d.get('route', '')}".strip())
    if _text(g.attrs.get("reversal", "")):
        parts.append(f"then {_text(g.attrs['reversal'])} (reversal)")
    return "; ".join(parts)


def _end_time(run: _Run, sid: str) -> float:
    """Last stored time of a subject (NWB s)."""
    h5 = run.h5
    ends = [0.0]
    g = h5["subjects"][sid]
    if "time" in g and g["time"].size:
        ends.append(float(np.max(g["time"][()])) * seconds_per(g["time"]))
    group = _text(g.attrs.get("group", ""))
    md = h5.get(f"microdialysis/{group}/{sid}")
    if md is not None:
        def visit(name, obj):
            if name.endswith("/end_min") and obj.size:
                ends.append(float(np.max(obj[()])) * 60.0)
        md.visititems(visit)
    course = h5.get(f"chronic/{group}/{sid}/course/time_day")
    if course is not None and course.size:
        ends.append(float(np.max(course[()])) * 86400.0)
    return float(run.nwb_time(max(ends)))


#: raphe's groups of derived data -> the NWB schema's processing-module name they go in
MODULES = {"circuit": "misc", "pharmacokinetics": "misc", "chronic": "misc", "ecephys": "ecephys"}
_MISC = ("simulated readouts with no NWB neurodata type: the spiking circuit's fast readouts on the "
         "protocol clock (concentration_*, rate_*, receptor_activation_*: window averages interpolated "
         "from the engine's response surface), pharmacokinetics (plasma_*, brain_free_*, occupancy_*, "
         "fast_inputs_*: PK solved on the protocol clock) and, for chronic treatment, the slow clock "
         "(course_*, recording_days, unit_recordings, agonist_challenge, ssri_challenge_*)")


def _module(nwbfile, name: str, description: str):
    """The processing module of raphe group ``name`` (:data:`MODULES`: the schema's own names)."""
    name = MODULES.get(name, name)
    if name in nwbfile.processing:
        return nwbfile.processing[name]
    return nwbfile.create_processing_module(name=name, description=_MISC if name == "misc" else description)


def _add_subject_series(pynwb, run: _Run, nwbfile, sid: str) -> None:
    """``/subjects/<id>``'s time series: circuit readouts and pharmacokinetics."""
    g = run.h5["subjects"][sid]
    if "time" not in g:
        return
    clock = _Clock(run.nwb_time(g["time"][()] * seconds_per(g["time"])))
    n = len(clock.times)
    for top in ("concentration", "rate", "receptor_activation", "pk"):
        if top not in g:
            continue
        is_pk = top == "pk"
        mod = (_module(nwbfile, "pharmacokinetics", "drug concentrations, target occupancy and the fast "
                       "inputs they make for the spiking circuit (PK solved on the protocol clock)")
               if is_pk else
               _module(nwbfile, "circuit", "fast readouts of the spiking circuit on the protocol clock "
                       "(window averages interpolated from the engine's response surface)"))
        datasets = []
        g[top].visititems(lambda name, obj: datasets.append((name, obj)) if hasattr(obj, "shape") else None)
        for rel, ds in datasets:
            if ds.shape[:1] != (n,):
                continue
            parts = rel.split("/")
            key = f"pk/{parts[0]}" if is_pk else top
            what = _DESCRIPTIONS.get(key, key)
            name = _name(*(parts if is_pk else [top] + parts))
            label = " ".join(parts[1:] if is_pk else parts)
            mod.add(_series_from(pynwb, clock, ds, name, f"{what}: {label}" if label else what))


# ---------------------------------------------------------------- microdialysis


def _add_microdialysis(pynwb, run: _Run, nwbfile, sid: str, group: str) -> None:
    from pynwb.epoch import TimeIntervals

    base = run.h5.get(f"microdialysis/{group}/{sid}")
    if base is None:
        return
    rows = []
    for region in base:
        for analyte in base[region]:
            d = base[region][analyte]
            at = {k: (_text(v) if isinstance(v, (bytes, str)) else v) for k, v in d.attrs.items()}
            clock = _Clock(run.nwb_time(d["time_min"][()] * seconds_per(d["time_min"])))
            probe = (f"probe recovery {float(at.get('recovery', np.nan)):.3g}, transit delay "
                     f"{float(at.get('delay_min', np.nan)):g} min, LOD {float(at.get('lod_fmol', np.nan)):g} fmol, "
                     f"sample volume {float(at.get('volume_uL', np.nan)):g} uL")
            interval = (f"timestamps are sample mid-times; each sample collects over start_min..end_min "
                        f"(see intervals/dialysate_samples)")
            nwbfile.add_acquisition(_series_from(
                pynwb, clock, d["dialysate_nM"], _name("dialysate", region, analyte),
                f"dialysate {analyte} in {region} as measured (amount / sample volume), nM; {probe}",
                comments=interval))
            nwbfile.add_acquisition(_series_from(
                pynwb, clock, d["percent_baseline"], _name("percent_baseline", region, analyte),
                f"dialysate {analyte} in {region}, % of baseline (mean of {at.get('baseline_n', '?')} "
                f"pre-dose samples, {float(at.get('baseline_fmol', np.nan)):.3g} fmol); NaN where excluded "
                f"(below LOD or no valid baseline)", comments=interval))
            start = run.nwb_time(d["start_min"][()] * seconds_per(d["start_min"]))
            stop = run.nwb_time(d["end_min"][()] * seconds_per(d["end_min"]))
            for k in range(len(start)):
                rows.append(dict(start_time=float(start[k]), stop_time=float(stop[k]), region=region,
                                 analyte=analyte, amount_fmol=float(d["amount_fmol"][k]),
                                 true_amount_fmol=float(d["true_amount_fmol"][k]),
                                 dialysate_nM=float(d["dialysate_nM"][k]),
                                 percent_baseline=float(d["percent_baseline"][k]),
                                 below_lod=bool(d["below_lod"][k])))
    if not rows:
        return
    rows.sort(key=lambda r: (r["start_time"], r["region"], r["analyte"]))
    col = {k: [r[k] for r in rows] for k in rows[0]}
    table = _table(TimeIntervals, "dialysate_samples",
                   "microdialysis samples as collected: one row per sample and analyte, start and stop of "
                   "the collection at the probe outlet", len(rows), [
                       ("start_time", "start of the sample's collection (s)", col["start_time"]),
                       ("stop_time", "end of the sample's collection (s)", col["stop_time"]),
                       ("region", "probe region", col["region"]),
                       ("analyte", "analyte", col["analyte"]),
                       ("amount_fmol", "measured amount in the sample (fmol), with assay noise", col["amount_fmol"]),
                       ("true_amount_fmol", "amount before assay noise (fmol)", col["true_amount_fmol"]),
                       ("dialysate_nM", "measured dialysate concentration (nM)", col["dialysate_nM"]),
                       ("percent_baseline", "% of baseline (NaN where excluded)", col["percent_baseline"]),
                       ("below_lod", "below the assay's limit of detection", col["below_lod"])])
    nwbfile.add_time_intervals(table)


def _add_spike_units(pynwb, run: _Run, nwbfile, sid: str) -> None:
    """The subject's recorded spike windows as a Units table (one row per neuron)."""
    h5 = run.h5
    if "spikes" not in h5:
        return
    origin_ms = float(h5["spikes"].attrs.get("origin_ms", 0.0))
    windows = h5.get(f"subjects/{sid}/spike_windows")
    obs = None
    if windows is not None and len(windows):
        spans = []
        for w in sorted(windows):
            length = run.window_s(windows[w])
            if length is None:
                spans = None
                break
            t0 = float(windows[w].attrs["t0_ms"]) * 1e-3
            spans.append([float(run.nwb_time(t0)), float(run.nwb_time(t0 + length))])
        obs = spans
    pops, neurons, nodes, trains = [], [], [], []
    for pop in sorted(h5["spikes"]):
        if "timestamps" not in h5["spikes"][pop]:
            continue
        sp = run.spikes(pop)
        if sid not in sp["subject"]:
            continue
        r = sp["subject"].index(sid)
        first, n = int(sp["first_node_id"][r]), int(sp["n_nodes"][r])
        ids = sp["node_ids"].astype(np.int64)
        sel = (ids >= first) & (ids < first + n)
        t = run.nwb_time((sp["timestamps_ms"][sel] + origin_ms) * 1e-3)
        local = ids[sel] - first
        order = np.lexsort((t, local))
        trains.append((t[order], np.bincount(local, minlength=n)))
        pops += [pop] * n
        neurons.append(np.arange(n))
        nodes.append(first + np.arange(n))
    if not pops:
        return
    from pynwb.misc import Units

    flat = np.concatenate([t for t, _ in trains])
    ends = np.cumsum(np.concatenate([c for _, c in trains]))
    columns = [("spike_times", "the spike times for each unit in seconds", flat, ends),
               ("population", "raphe population of the neuron", np.array(pops)),
               ("neuron", "index of the neuron in its population", np.concatenate(neurons)),
               ("node_id", "SONATA node id in the results file's /spikes/<population>", np.concatenate(nodes))]
    if obs:
        n_units = len(pops)
        columns.append(("obs_intervals", "the recorded spiking windows (s): spikes are known only there",
                        np.tile(np.asarray(obs, dtype=float), (n_units, 1)),
                        len(obs) * np.arange(1, n_units + 1)))
    nwbfile.units = _table(Units, "units", "spike trains of the subject's neurons in the recorded spiking "
                           "windows (every neuron of the SONATA node table, silent ones included)",
                           len(pops), columns, **_resolution(run))


# ---------------------------------------------------------------- electrophysiology


def _add_ephys(pynwb, run: _Run, nwbfile, sid: str, group: str) -> None:
    base = run.h5.get(f"electrophysiology/{group}/{sid}")
    if base is None:
        return
    from hdmf.common import DynamicTable

    mod = _module(nwbfile, "ecephys",
                  "virtual extracellular single-unit recording: firing rate of identified units at the "
                  "sample times (spiking windows of the engine), % of baseline, cumulative dose")
    reversal = _text(base.attrs.get("reversal", ""))
    table = DynamicTable(name="single_units", description="recorded single units (one row per unit)")
    for col, desc in (("unit", "unit name in the results file"), ("population", "raphe population"),
                      ("neuron", "index of the neuron in its population"),
                      ("baseline_rate_hz", "baseline firing rate (Hz)"),
                      ("ed50", f"ED50 of the unit's Hill fit ({_text(base.attrs.get('dose_unit', ''))})"),
                      ("ed50_hill", "Hill slope of the fit"),
                      ("ed50_extrapolated", "ED50 lies beyond the doses given")):
        table.add_column(name=col, description=desc)
    clock = None
    for uname in sorted(base):
        u = base[uname]
        ua = u.attrs
        table.add_row(unit=uname, population=_text(ua.get("population", EPHYS_POPULATION)),
                      neuron=int(ua.get("neuron", -1)), baseline_rate_hz=float(ua.get("baseline_hz", np.nan)),
                      ed50=float(ua.get("ed50", np.nan)), ed50_hill=float(ua.get("ed50_hill", np.nan)),
                      ed50_extrapolated=bool(ua.get("ed50_extrapolated", False)))
        if clock is None:
            clock = _Clock(run.nwb_time(u["time_min"][()] * seconds_per(u["time_min"])))
            note = f"last sample after the reversal injection ({reversal})" if reversal else ""
            mod.add(_series_from(pynwb, clock, u["cumulative_dose"], "cumulative_dose",
                                 f"cumulative dose of {_text(base.attrs.get('drug', ''))} before each sample",
                                 comments=note))
        mod.add(_series_from(pynwb, clock, u["rate_hz"], _name(uname, "rate"),
                             f"firing rate of {uname} (neuron {int(ua.get('neuron', -1))}) at the sample times"))
        mod.add(_series_from(pynwb, clock, u["percent_baseline"], _name(uname, "percent_baseline"),
                             f"firing rate of {uname} as % of its baseline"))
    mod.add(table)
    _add_unit_trains(run, nwbfile, base)


def _add_unit_trains(run: _Run, nwbfile, base) -> None:
    """Spike trains of the recorded units (``spike_times``, ``spike_windows`` in ms) as the Units table."""
    names = [u for u in sorted(base) if "spike_times" in base[u]]
    if not names:
        return
    from pynwb.misc import Units

    trains, ends, spans, span_ends, pops, neurons = [], [], [], [], [], []
    for uname in names:
        u = base[uname]
        t = run.nwb_time(u["spike_times"][()] * seconds_per(u["spike_times"]))
        w = np.asarray(run.nwb_time(u["spike_windows"][()] * seconds_per(u["spike_windows"])), float).reshape(-1, 2)
        trains.append(t)
        ends.append(sum(len(x) for x in trains))
        spans.append(w)
        span_ends.append(sum(len(x) for x in spans))
        pops.append(_text(u.attrs.get("population", EPHYS_POPULATION)))
        neurons.append(int(u.attrs.get("neuron", -1)))
    columns = [("spike_times", "the spike times for each unit in seconds", np.concatenate(trains), ends),
               ("obs_intervals", "the spiking windows run at the sample times (s): spikes are known only there",
                np.concatenate(spans), span_ends),
               ("unit", "unit name in the results file", np.array(names)),
               ("population", "raphe population of the unit", np.array(pops)),
               ("neuron", "index of the neuron in its population", np.array(neurons))]
    nwbfile.units = _table(Units, "units", "spike trains of the recorded single units in a spiking window at "
                           "each sample time", len(names), columns, **_resolution(run))


# ---------------------------------------------------------------- chronic


def _add_day_trains(run: _Run, nwbfile, base, days) -> None:
    """Spike trains of the units recorded on each day (``spike_times`` ms from the window's start,
    ``spike_unit``) as the Units table: one row per day and unit, the window as ``obs_intervals``."""
    from pynwb.misc import Units

    trains, ends, spans, rows = [], [], [], []
    for d in days:
        g = base[d]
        if "spike_times" not in g:
            continue
        t0 = float(run.nwb_time(float(g.attrs.get("time_day", g.attrs.get("day", 0))) * 86400.0))
        length = float(g.attrs["window_ms"]) * 1e-3
        t = g["spike_times"][()] * seconds_per(g["spike_times"])
        which = g["spike_unit"][()]
        for k, neuron in enumerate(g["neurons"][()]):
            trains.append(t0 + np.sort(t[which == k]))
            ends.append(sum(len(x) for x in trains))
            spans.append([t0, t0 + length])
            rows.append((float(g.attrs.get("day", np.nan)), _text(g.attrs.get("population", EPHYS_POPULATION)),
                         int(neuron)))
    if not rows:
        return
    columns = [("spike_times", "the spike times for each unit in seconds", np.concatenate(trains), ends),
               ("obs_intervals", "the spiking window of the recording day (s): spikes are known only there",
                np.asarray(spans, dtype=float), np.arange(1, len(rows) + 1)),
               ("day", "treatment day of the recording", np.array([r[0] for r in rows])),
               ("population", "raphe population of the unit", np.array([r[1] for r in rows])),
               ("neuron", "index of the neuron in its population", np.array([r[2] for r in rows]))]
    nwbfile.units = _table(Units, "units", "spike trains of the single units recorded on each recording day "
                           "(one spiking window per day)", len(rows), columns, **_resolution(run))



def _add_chronic(pynwb, run: _Run, nwbfile, sid: str, group: str) -> None:
    from hdmf.common import DynamicTable

    base = run.h5.get(f"chronic/{group}/{sid}")
    if base is None:
        return
    mod = _module(nwbfile, "chronic", "chronic treatment on the slow clock: adaptation state, fast "
                  "readouts, recordings on chosen days, challenges")
    c = base.get("course")
    if c is not None:
        clock = _Clock(run.nwb_time(c["time_day"][()] * seconds_per(c["time_day"])))
        n = len(clock.times)
        datasets = []
        c.visititems(lambda name, obj: datasets.append((name, obj)) if hasattr(obj, "shape") else None)
        for rel, ds in datasets:
            if rel == "time_day" or ds.shape[:1] != (n,):
                continue
            parts = rel.split("/")
            what = _DESCRIPTIONS.get(parts[0], "slow adaptation state") if len(parts) > 1 else \
                "slow adaptation state (sensitivity: fraction of naive coupling; CREB, BDNF: fold of naive)"
            mod.add(_series_from(pynwb, clock, ds, _name("course", *parts), f"{what}: {parts[-1]}"))
    days = sorted(k for k in base if k.startswith("day_"))
    if days:
        rec = DynamicTable(name="recording_days", description="readouts on each recording day (attributes "
                           "of /chronic/<group>/<subject>/day_*)")
        units = DynamicTable(name="unit_recordings", description="single units recorded on each recording "
                             "day: firing rate (Hz) of each identified unit")
        keys = sorted({k for d in days for k in base[d].attrs if k not in ("day", "time_day")})
        rec.add_column(name="day", description="treatment day")
        rec.add_column(name="recording_time", description="NWB time of the recording (s)")
        for k in keys:
            rec.add_column(name=k.replace("/", "_"), description=k)
        for col, desc in (("day", "treatment day"), ("recording_time", "NWB time of the recording (s)"),
                          ("population", "raphe population"), ("neuron", "index of the neuron in its population"),
                          ("rate_hz", "firing rate (Hz)")):
            units.add_column(name=col, description=desc)
        for d in days:
            g = base[d]
            t = float(run.nwb_time(float(g.attrs.get("time_day", g.attrs.get("day", 0))) * 86400.0))
            rec.add_row(day=float(g.attrs.get("day", np.nan)), recording_time=t,
                        **{k.replace("/", "_"): float(g.attrs.get(k, np.nan)) for k in keys})
            for neuron, rate in zip(g["neurons"][()], g["unit_rates_hz"][()]):
                units.add_row(day=float(g.attrs.get("day", np.nan)), recording_time=t,
                              population=_text(g.attrs.get("population", EPHYS_POPULATION)),
                              neuron=int(neuron), rate_hz=float(rate))
        mod.add(rec)
        if len(units):
            mod.add(units)
        _add_day_trains(run, nwbfile, base, days)
    ag = base.get("agonist_challenge")
    if ag is not None:
        route = str((run.section("chronic").get("agonist_challenge") or {}).get("route", "iv"))
        t = DynamicTable(name="agonist_challenge",
                         description=f"cumulative {_text(ag.attrs.get('drug', ''))} "
                                     f"{run_labels.ROUTES.get(route, route)} on day "
                                     f"{ag.attrs.get('day', '?')}: firing of each unit per dose (first row "
                                     f"per unit: pre-challenge)")
        for col, desc in (("cumulative_dose", f"cumulative dose ({_text(ag.attrs.get('dose_unit', ''))})"),
                          ("neuron", "index of the DRN 5-HT neuron"), ("rate_hz", "firing rate (Hz)"),
                          ("percent_baseline", "% of the pre-challenge rate")):
            t.add_column(name=col, description=desc)
        doses, neurons = ag["cumulative_dose"][()], ag["neurons"][()]
        rates, pb = np.atleast_2d(ag["rate_hz"][()]), np.atleast_2d(ag["percent_baseline"][()])
        for i, dose in enumerate(doses):
            for j, neuron in enumerate(neurons):
                t.add_row(cumulative_dose=float(dose), neuron=int(neuron), rate_hz=float(rates[i, j]),
                          percent_baseline=float(pb[i, j]))
        mod.add(t)
    ss = base.get("ssri_challenge")
    if ss is not None and "time_min" in ss:
        day = float(ss.attrs.get("day", 0))
        clock = _Clock(run.nwb_time(day * 86400.0 + ss["time_min"][()] * seconds_per(ss["time_min"])))
        for top in ("concentration", "rate"):
            for k in ss.get(top, {}):
                mod.add(_series_from(pynwb, clock, ss[top][k], _name("ssri_challenge", top, k),
                                     f"acute SSRI challenge on day {day:g}: {_DESCRIPTIONS[top]}: {k}"))

"""The microdialysis report figure: every panel drawn, and the drawing shortcuts change no pixel."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from raphe.analysis import plots, report

import test_microdialysis_standin as standin
from test_cli_run import TINY


def _pixels(fig) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


@pytest.fixture
def tiny_results(tmp_path, monkeypatch):
    return standin.run_tiny(tmp_path, monkeypatch, TINY)


def test_report_has_every_panel(tiny_results, tmp_path, monkeypatch):
    """Dialysate panels per probed pair, AUC, drug, occupancy, firing, two rasters and rate bars,
    the group legend and the header; the PNG is written."""
    figures = []
    save = Figure.savefig

    def keep(fig, *args, **kwargs):
        figures.append(fig)
        return save(fig, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", keep)
    png = tmp_path / "tiny.png"
    report.microdialysis_report(tiny_results, png, cache=False)
    assert png.stat().st_size > 10_000
    (fig,) = figures
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["PFC dialysate 5-HT", "PFC dialysate NE", "NAc dialysate 5-HT", "NAc dialysate DA",
                      "DRN dialysate 5-HT", "AUC 0-end vs vehicle (Welch)", "drug in brain (free)",
                      "transporter occupancy", "DRN 5-HT firing", "citalopram-01 at -10 min",
                      "citalopram-01 at 30 min", "population rates, citalopram-01"]
    for ax in fig.axes:  # each panel holds data and is labelled
        assert (ax.lines or ax.collections or ax.patches) and (ax.get_xlabel() or ax.get_ylabel())
    assert fig.get_suptitle().startswith("tiny")
    assert "two small groups" in [t.get_text() for t in fig.texts]
    assert len(fig.legends) == 1 and [t.get_text() for t in fig.legends[0].get_texts()] == [
        "vehicle (n=2)", "citalopram 2.5 mg/kg i.p. (n=2)"]
    # the same page drawn without the shortcuts (matplotlib's automatic titles, wrapping on,
    # default PNG compression): the same pixels
    monkeypatch.setattr(plots, "pin_titles", lambda fig: None)
    monkeypatch.setattr(report, "_wrap_if_needed", lambda text: text.set_wrap(True))
    monkeypatch.setattr(Figure, "savefig", lambda fig, path, **kw: save(fig, path, dpi=kw["dpi"]))
    plain = tmp_path / "plain.png"
    report.microdialysis_report(tiny_results, plain, cache=False)
    assert np.array_equal(_png_pixels(png), _png_pixels(plain))


def _png_pixels(path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as im:
        return np.asarray(im.convert("RGBA"))


def _page(offset_data: bool):
    fig = Figure(figsize=(4, 3), dpi=80)
    FigureCanvasAgg(fig)
    ax1 = fig.add_subplot(1, 2, 1)
    ax1.plot([0, 1, 2], [1e-7, 3e-7, 2e-7] if offset_data else [1.0, 3.0, 2.0])
    ax1.set_title("a title as wide as the axes", fontsize=9)
    ax2 = fig.add_subplot(1, 2, 2)
    ax2.plot([0, 1], [5, 6])
    ax2.set_title("right", fontsize=9)
    ax2.xaxis.tick_top()  # ticks above the axes: matplotlib moves the title over them
    return fig


@pytest.mark.parametrize("offset_data", [False, True])
def test_pinned_titles_are_drawn_where_matplotlib_places_them(offset_data):
    """A title is pinned only where matplotlib's search would leave it (no y offset text such as
    ``1e-7``, ticks at the bottom); the others keep the search. Same pixels either way."""
    auto = _pixels(_page(offset_data))
    fig = _page(offset_data)
    plots.pin_titles(fig)
    assert np.array_equal(_pixels(fig), auto)
    # where the search moves a title (over the offset text; over top ticks) it was left to it
    moved = [ax.title.get_position()[1] > 1.0 for ax in fig.axes]
    assert moved == [offset_data, True]


@pytest.mark.parametrize("words", [8, 80])
def test_description_wrapped_only_when_wider_than_the_page(words):
    def page(wrap):
        fig = Figure(figsize=(4, 3), dpi=80)
        FigureCanvasAgg(fig)
        text = fig.text(0.5, 0.5, " ".join(["word"] * words), ha="center", fontsize=7.5, wrap=wrap)
        return fig, text

    wrapped, _ = page(True)
    fig, text = page(False)
    report._wrap_if_needed(text)
    assert text.get_wrap() == (words == 80)
    assert np.array_equal(_pixels(fig), _pixels(wrapped))

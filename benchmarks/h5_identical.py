"""Exact comparison of every dataset and attribute of two HDF5 results files.

    python benchmarks/h5_identical.py before.h5 after.h5 [IGNORE ...]

Prints the number of datasets and attributes compared and each difference (object names,
dtype/shape, values: NaN equal to NaN, else bit-equal; attributes alike); exit status 1 if any.
An attribute whose ``path@name`` contains an IGNORE string is skipped (e.g. ``@created``).
"""
import sys
import h5py
import numpy as np


def attrs_equal(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        return a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    if isinstance(a, float) and isinstance(b, float) and np.isnan(a) and np.isnan(b):
        return True
    return type(a) == type(b) and a == b


def main(p1, p2, ignore=()):
    diffs = []
    n_ds = n_attr = 0
    with h5py.File(p1, "r") as f1, h5py.File(p2, "r") as f2:
        names1, names2 = [], []
        f1.visit(names1.append)
        f2.visit(names2.append)
        if sorted(names1) != sorted(names2):
            diffs.append(f"objects differ: only1={sorted(set(names1)-set(names2))[:10]} only2={sorted(set(names2)-set(names1))[:10]}")
        for name in ["/"] + sorted(set(names1) & set(names2)):
            o1, o2 = f1[name], f2[name]
            k1, k2 = sorted(o1.attrs), sorted(o2.attrs)
            if k1 != k2:
                diffs.append(f"{name}: attribute names differ {set(k1) ^ set(k2)}")
            for k in set(k1) & set(k2):
                if any(s in f"{name}@{k}" for s in ignore):
                    continue
                n_attr += 1
                if not attrs_equal(o1.attrs[k], o2.attrs[k]):
                    diffs.append(f"{name}@{k}: {o1.attrs[k]!r} != {o2.attrs[k]!r}")
            if isinstance(o1, h5py.Dataset):
                n_ds += 1
                a, b = o1[()], o2[()]
                if o1.dtype != o2.dtype or o1.shape != o2.shape:
                    diffs.append(f"{name}: dtype/shape {o1.dtype}{o1.shape} != {o2.dtype}{o2.shape}")
                elif not np.array_equal(a, b, equal_nan=o1.dtype.kind == "f"):
                    diffs.append(f"{name}: values differ (max abs diff {np.nanmax(np.abs(a - b)) if o1.dtype.kind == 'f' else '?'})")
    print(f"compared {n_ds} datasets, {n_attr} attributes: {len(diffs)} differences")
    for d in diffs[:50]:
        print("  ", d)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))

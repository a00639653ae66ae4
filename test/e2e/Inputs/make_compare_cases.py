#!/usr/bin/python3
"""Write the fixtures of compare_npy.test into DIR.

DIR/exp holds two expected outputs ("a": float32 [2, 3], "b": int64 [4]) and
their meta.json; every other DIR/<case> is a strata-run style output
directory that compare_npy must accept (ok) or reject (all the others).
"""
import json
import os
import sys

import numpy as np

RTOL, ATOL = 1e-4, 1e-5


def write(directory, arrays, listing=None):
    os.makedirs(directory, exist_ok=True)
    for k, a in enumerate(arrays):
        if a is not None:
            np.save(os.path.join(directory, f"output_{k}.npy"), a)
    if listing is None:
        listing = [{"index": k, "name": n, "shape": list(a.shape), "dtype": str(a.dtype)}
                   for k, (n, a) in enumerate(zip("abc", arrays)) if a is not None]
    with open(os.path.join(directory, "outputs.json"), "w") as f:
        json.dump(listing, f)


def main(root):
    a = np.array([[0.0, 1.0, -2.0], [1000.0, 1e-3, 3.0]], dtype=np.float32)
    b = np.array([1, 2, 3, 4], dtype=np.int64)
    os.makedirs(os.path.join(root, "exp"), exist_ok=True)
    np.save(os.path.join(root, "exp", "expected_0.npy"), a)
    np.save(os.path.join(root, "exp", "expected_1.npy"), b)
    with open(os.path.join(root, "exp", "meta.json"), "w") as f:
        json.dump({"outputs": [{"name": "a"}, {"name": "b"}]}, f)

    bound = ATOL + RTOL * np.abs(a.astype(np.float64))
    write(os.path.join(root, "ok"), [(a + 0.9 * bound).astype(np.float32), b])
    # Element [1, 0] (1000.0) is off by 1.2 times its bound (0.12).
    off = a.copy()
    off[1, 0] += np.float32(1.2 * bound[1, 0])
    write(os.path.join(root, "value"), [off, b])
    write(os.path.join(root, "int"), [a, b + np.array([0, 0, 1, 0])])
    write(os.path.join(root, "shape"), [a.reshape(3, 2), b])
    write(os.path.join(root, "dtype"), [a.astype(np.float64), b])
    nan = a.copy()
    nan[0, 1] = np.nan
    write(os.path.join(root, "nan"), [nan, b])
    write(os.path.join(root, "missing"), [a, None])
    write(os.path.join(root, "name"), [a, b],
          [{"index": 0, "name": "b", "shape": [2, 3], "dtype": "float32"},
           {"index": 1, "name": "a", "shape": [4], "dtype": "int64"}])
    write(os.path.join(root, "extra"), [a, b, b.copy()])


if __name__ == "__main__":
    main(sys.argv[1])

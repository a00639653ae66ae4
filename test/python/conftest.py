"""pytest setup for the Python binding's tests: makes the build tree's
package importable (STRATA_PYTHON_PACKAGES, set by the lit tests, or
build/python_packages of the checkout)."""

import os
import sys

_here = os.path.dirname(os.path.abspath(__file__))
_packages = os.environ.get("STRATA_PYTHON_PACKAGES") or os.path.join(
    _here, "..", "..", "build", "python_packages")
sys.path.insert(0, os.path.abspath(_packages))
sys.path.insert(0, _here)

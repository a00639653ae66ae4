# lit configuration that runs Strata's gtest unit tests, one lit test per
# gtest case.
import os

import lit.formats

config.name = "Strata-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.strata_obj_root, "test", "unit")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")

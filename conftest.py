"""pytest configuration shared by the unit tests, doctests and nbval notebook runs.

Kernels started by nbval inherit this process's environment, so fixing PYTHONHASHSEED here makes
every notebook run hash-stable (the Makefile exports it too, and the course kernel sets it).
"""

import os

os.environ["PYTHONHASHSEED"] = "0"

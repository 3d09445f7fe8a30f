"""The one thing pyproject.toml cannot say without a warning: the optional C extension.

``cleaner._forest`` (src/cleaner/_forest.c) sums the forests' leaves of ``cleaner.forest`` faster than its
numpy code, to the same floats. It is optional: without a C compiler, or when the compile fails, ``pip
install`` warns and goes on, and ``cleaner.forest`` keeps to numpy. (``[tool.setuptools.ext-modules]`` in
pyproject.toml says the same, but setuptools still calls it experimental.)
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("cleaner._forest", ["src/cleaner/_forest.c"], optional=True)])

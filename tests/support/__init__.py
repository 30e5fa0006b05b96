"""Helpers shared by the test areas: real server processes, the W3C protocol data, a browser.

`tests/` is on sys.path (pyproject: `[tool.pytest.ini_options] pythonpath`), so every test
module imports these as `support.processes`, `support.w3c` and `support.browser`.
"""

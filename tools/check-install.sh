#!/bin/sh
# Install the package as a new user would, with the pip that ships with this Python (python -m venv,
# no upgrade: 23.2 for Python 3.11, which does not resolve justext's lxml[html_clean] extra), into a fresh
# venv outside the work tree, then clean an HTML page through the library and the command, and check that
# the optional C extension was built when a C compiler is there. Exit 1 when the install is broken.
# Run by .ci/run; by hand: sh tools/check-install.sh [PYTHON]
set -eu
python="${1:-${PYTHON:-python3}}"
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="$(mktemp -d)"
trap 'rm -rf "$venv"' EXIT
"$python" -m venv "$venv"
echo "check-install: $("$venv/bin/python" -m pip --version)"
# a copy of the tree: pip builds in place and must not leave build/ or *.egg-info in the work tree
mkdir "$venv/src"
(cd "$here" && git ls-files -z --cached --others --exclude-standard 2>/dev/null | xargs -0 cp --parents -t "$venv/src" 2>/dev/null) \
  || cp -r "$here/pyproject.toml" "$here/README.md" "$here/src" "$venv/src/"
"$venv/bin/python" -m pip install --disable-pip-version-check -q "$venv/src" 2>&1 | grep -v "^WARNING: Location" || true
"$venv/bin/python" - <<'PY'
import cleaner

page = ("<html><head><title>Harbour bridge reopens | Courier</title></head><body><nav>Home News</nav><article>"
        "<h1>Harbour bridge reopens</h1><p>The harbour bridge reopened to traffic on Monday after two years of "
        "repairs, and commuters cheered as the first cars crossed the restored span.</p><p>Engineers replaced "
        "the cables that hold the deck and rebuilt the approach roads on both banks, the city said.</p>"
        "</article></body></html>")
article = cleaner.clean_html(page)
assert article.title == "Harbour bridge reopens", article.title
assert article.text.startswith("The harbour bridge reopened"), article.text
long_text = "\n\n".join(f"Paragraph {n} of a long story about the council and its plans for the roads." for n in range(300))
assert cleaner.clean(long_text).paragraphs
print("check-install: clean_html and clean work in a fresh install")
PY
printf '<html><body><article><p>%s</p></article></body></html>' \
  "The council met on Monday and agreed on the plan for the new road, officials said after the meeting." \
  > "$venv/page.html"
"$venv/bin/cleaner" clean "$venv/page.html" | grep -q "The council met on Monday"
echo "check-install: the cleaner command cleans an HTML file"
# the C extension is optional, so a compile that fails only warns: with a compiler there, it must be built
compiled="$(env -u CLEANER_NO_EXTENSION "$venv/bin/python" -c 'import cleaner.forest as f; print(f.COMPILED)')"
cc="${CC:-$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("CC") or "cc")')}"
if [ "$compiled" != True ] && command -v "${cc%% *}" >/dev/null 2>&1; then
  echo "check-install: ${cc%% *} is there, but cleaner._forest was not built" >&2
  exit 1
fi
echo "check-install: the forests run compiled: $compiled"

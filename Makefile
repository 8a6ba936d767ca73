# w2s-book: two commands do all the setup (see README.md).
#   make book       build the HTML book from the committed, executed notebooks
#   make test       run every test: unit, sync, nbval, strict book build, built-HTML checks
#   make unit       the fast library tests only (under a minute)
#   make slow       the slow library tests (Monte Carlo, hypothesis, large Gram matrices)
#   make notebooks  re-execute the chapters and rewrite the golden notebooks
#   make resources  the same, recording each chapter's time and peak memory
#   make benchmarks run the benchmarks, each in a fresh process
#   make site       the built book as one archive, _build/w2s-book-site-<version>.tar.gz
#   make browser    build the book and check it in headless Chromium (tests/test_site.py)
#   make lab        open a chapter as a notebook in JupyterLab (CHAPTER=setup by default)
#   make scratch    execute a chapter into _build/scratch/<chapter>.ipynb (CHAPTER=...);
#                   the golden book/<chapter>.ipynb is not touched

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LAB_STAMP := $(VENV)/.lab-stamp
# JupyterLab's settings overrides for this environment: jupytext's notebook view is the default
# viewer of .md files, so that a chapter opens as a notebook, not as text.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_OVERRIDES := {"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}}}
CHAPTER ?= setup
# Extra arguments for `make lab` (for example LAB_ARGS=--no-browser); as root (a container) it
# needs --allow-root.
LAB_ARGS ?=
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
VERSION := $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' w2s_lib/__init__.py)
# An inherited MPLBACKEND=Agg makes every figure vanish from the book: unset it.
export MPLBACKEND :=
unexport MPLBACKEND
export PYTHONHASHSEED := 0

.PHONY: book test unit slow notebooks resources clean benchmarks site browser lab scratch

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[book,test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@# The browser test (tests/test_site.py) drives Debian's chromium through chromium-driver.
	@# As root with apt (how CI runs) they are installed here; elsewhere the test says how.
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing chromium and chromium-driver with apt (for the browser test)"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null; } || \
	  echo "warning: apt-get could not install chromium chromium-driver"; \
	else \
	  echo "note: chromium or chromedriver missing: the browser test will be skipped" \
	       "(install them with: apt-get install chromium chromium-driver)"; \
	fi
	@touch $(STAMP)

$(LAB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[book,test,lab]"
	@mkdir -p $(dir $(LAB_SETTINGS))
	@printf '%s\n' '$(LAB_OVERRIDES)' > $(LAB_SETTINGS)
	@touch $(LAB_STAMP)

book: $(STAMP)
	rm -rf _build/html _build/.doctrees
	$(BIN)/jupyter-book build --all -W --keep-going --path-output . .
	@echo
	@echo "Book built. Open: file://$(CURDIR)/_build/html/index.html"

# The same static site as one archive: unpack it and open w2s-book-site-<version>/index.html.
site: book
	$(BIN)/python _ext/w2s_site.py archive _build/html _build/w2s-book-site-$(VERSION).tar.gz

browser: book
	W2S_BOOK_HTML=_build/html $(BIN)/python -m pytest tests/test_site.py

lab: $(LAB_STAMP)
	@test -f book/$(CHAPTER).md || { echo "no chapter book/$(CHAPTER).md"; exit 2; }
	$(BIN)/jupyter lab $(LAB_ROOT) $(LAB_ARGS) book/$(CHAPTER).md

# Execute a snapshot of a chapter's source in the chapter's folder (as the book and nbval do) into
# a scratch notebook; editing the source meanwhile does not disturb the run.
scratch: $(STAMP)
	@test -f book/$(CHAPTER).md || { echo "no chapter book/$(CHAPTER).md"; exit 2; }
	@mkdir -p _build/scratch
	cp book/$(CHAPTER).md _build/scratch/$(CHAPTER).md
	$(BIN)/jupytext --execute --run-path "$(CURDIR)/book" _build/scratch/$(CHAPTER).md \
	  --to ipynb -o _build/scratch/$(CHAPTER).ipynb
	@echo "Executed into _build/scratch/$(CHAPTER).ipynb; book/$(CHAPTER).ipynb is untouched."

test: $(STAMP)
	$(BIN)/python -m pytest

unit: $(STAMP)
	$(BIN)/python -m pytest tests -m "not book and not slow"

slow: $(STAMP)
	$(BIN)/python -m pytest tests -m "slow and not book"

notebooks: $(STAMP)
	$(BIN)/python scripts/regenerate_notebooks.py

# Re-execute every chapter and record its wall time and peak memory (book/resources.json),
# then re-execute the appendix so that it shows them.
resources: $(STAMP)
	$(BIN)/python scripts/regenerate_notebooks.py --record
	$(BIN)/python scripts/regenerate_notebooks.py computing

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf _build .pytest_cache .hypothesis

# w2s-book: two commands do all the setup (see README.md).
#   make book       build the HTML book from the committed, executed notebooks
#   make test       run every test: unit, sync, nbval, strict book build, built-HTML checks
#   make unit       the fast library tests only (under a minute)
#   make slow       the slow library tests (Monte Carlo, hypothesis, large Gram matrices)
#   make notebooks  re-execute the chapters and rewrite the golden notebooks
#   make resources  the same, recording each chapter's time and peak memory
#   make benchmarks run the benchmarks, each in a fresh process

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# An inherited MPLBACKEND=Agg makes every figure vanish from the book: unset it.
export MPLBACKEND :=
unexport MPLBACKEND
export PYTHONHASHSEED := 0

.PHONY: book test unit slow notebooks resources clean benchmarks

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[book,test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

book: $(STAMP)
	rm -rf _build/html _build/.doctrees
	$(BIN)/jupyter-book build --all -W --keep-going --path-output . .
	@echo
	@echo "Book built. Open: file://$(CURDIR)/_build/html/index.html"

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

# Two commands do everything on a fresh machine:  `make study`  and  `make test`.
# Both create .venv and install the project first (once; again when settings.ini or setup.py change).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# A CPU build of torch: on this project's machines `torch==2.13.0` is a local CPU wheel. Elsewhere, pick
# your build, e.g. TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu" or a CUDA one.
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
# tests and the default study never touch the network
OFFLINE := HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 WANDB_MODE=offline

.PHONY: setup study bench test export-check readme clean-nbs docs-proc help
help:
	@echo "make study   # set up, then run the default (offline 'tiny') study"
	@echo "make test    # set up, then run every notebook's tests (nbdev_test) and the export check"

$(VENV)/.installed: settings.ini setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	$(BIN)/pip install -q -e ".[dev,ray]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

setup: $(VENV)/.installed

study: setup
	$(OFFLINE) $(BIN)/lora-rank-study prepare
	$(OFFLINE) $(BIN)/lora-rank-study sweep --profile tiny --out runs/tiny
	$(OFFLINE) $(BIN)/lora-rank-study report runs/tiny --title "LoRA rank study: the default (tiny) sweep"

bench: setup
	$(OFFLINE) $(BIN)/python -c "from lora_rank_study.profiling import monitor_overhead; r = monitor_overhead(); print('memory monitor on/off speed ratio (median of 7 alternating pairs, one process):', {k: round(v, 3) for k, v in r.items()})"
	$(OFFLINE) $(BIN)/python -c "from lora_rank_study.bench import run_benchmark, bench_table; print(bench_table(run_benchmark('runs/bench')))"

# the package must be exactly what nbdev_export makes of the notebooks
export-check: setup
	$(BIN)/nbdev_export
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "not a git checkout: export check skipped"; exit 0; }; \
	git diff --quiet -- lora_rank_study || { echo "lora_rank_study/ differs from the notebooks: run nbdev_export and commit"; git --no-pager diff --stat -- lora_rank_study; exit 1; }
	@! git rev-parse --git-dir >/dev/null 2>&1 || test -z "$$(git ls-files --others --exclude-standard -- lora_rank_study)" || { echo "untracked exported modules:"; git ls-files --others --exclude-standard -- lora_rank_study; exit 1; }

test: setup export-check
	cd nbs && $(OFFLINE) ../$(BIN)/nbdev_test --n_workers 2 --timing
	$(MAKE) --no-print-directory docs-proc

# the docs site's processing step (what nbdev_docs runs before Quarto renders), on the report, the
# analysis notebook and the index; nbdev_proc_nbs itself would try to download Quarto first
docs-proc: setup
	cd nbs && $(OFFLINE) ../$(BIN)/python -c "from nbdev.serve import proc_nbs; p = proc_nbs(n_workers=2, force=True, skip_file_re='^(0[0-6]|07[a-c]|08|09|1[01]|experiment)'); import sys; got = sorted(f.name for f in p.glob('*.ipynb')); print('processed for the docs site:', got); sys.exit(0 if {'index.ipynb', 'report.ipynb', '07_analysis.ipynb'} <= set(got) and (p/'_quarto.yml').exists() else 1)"

# README.md is made from nbs/index.ipynb: by nbdev_readme where Quarto is installed, else by nbconvert
readme: setup
	if command -v quarto >/dev/null; then $(BIN)/nbdev_readme; else $(BIN)/jupyter nbconvert --to markdown nbs/index.ipynb --output-dir . --output README --log-level WARN; fi

clean-nbs: setup
	$(BIN)/nbdev_clean

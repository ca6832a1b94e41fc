# Quorum — every command a person or CI needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
BOOT := var/bootstrap
UV := $(BOOT)/bin/uv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

export DJANGO_SETTINGS_MODULE := quorum.settings

.PHONY: help venv demo serve test test-fast lint format typecheck system-deps \
        import-folder export import verify-journal clean

help: ## Liste les commandes disponibles
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*## "}; {printf "  make %-15s %s\n", $$1, $$2}'

$(UV):
	@python=$$(scripts/find-python) || exit 1; \
	  echo "Python trouvé : $$python"; \
	  $$python -m venv $(BOOT) && $(BOOT)/bin/pip install --quiet --disable-pip-version-check uv

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	@python=$$(scripts/find-python) || exit 1; \
	  $(UV) sync --frozen --quiet --python $$python
	@touch $@

venv: $(VENV)/.synced ## Crée l'environnement Python et installe les dépendances verrouillées
	@scripts/unoserver-venv $(UV)

demo: venv ## Lance la démo (données fictives + corpus réel) sur http://127.0.0.1:$(PORT) ; RESET=1 la reconstruit
	$(MANAGE) migrate --no-input
	PORT=$(PORT) $(MANAGE) seed_demo $(if $(filter 1,$(RESET)),--reset)
	@echo "Quorum tourne sur http://127.0.0.1:$(PORT)/ avec, en arrière-plan, le travailleur (aperçus, e-mails) et les tâches planifiées (Ctrl+C arrête tout)"
	@export QUORUM_SITE_URL=$${QUORUM_SITE_URL:-http://127.0.0.1:$(PORT)}; \
	  $(MANAGE) db_worker & worker=$$!; \
	  $(MANAGE) run_schedule & schedule=$$!; \
	  trap 'kill $$worker $$schedule 2>/dev/null; wait $$worker $$schedule 2>/dev/null' EXIT INT TERM; \
	  $(MANAGE) runserver 127.0.0.1:$(PORT)

.PHONY: demo-reset
demo-reset: ## Supprime la démo, la reconstruit et la lance (make demo RESET=1)
	@$(MAKE) --no-print-directory demo RESET=1

serve: venv ## Relance le serveur sans toucher aux données
	$(MANAGE) migrate --no-input
	$(MANAGE) runserver 127.0.0.1:$(PORT)

system-deps: $(UV) ## Installe les paquets système des tests (Chromium…) quand on est root
	@scripts/install-system-deps
	@scripts/unoserver-venv $(UV)

# axe-core, which the accessibility tests inject into Chromium, from the npm
# registry at the version of package-lock.json.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm est introuvable : lancez make system-deps (en root) ou installez nodejs et npm." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: node-deps
node-deps: node_modules/.installed ## Installe axe-core (npm ci) pour les tests d'accessibilité

test: venv system-deps node-deps ## Lance toute la suite de tests (rien n'est ignoré)
	$(VENV)/bin/ruff check --quiet .
	$(PY) -m pytest

lint: venv ## Vérifie le style (ruff, djlint)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: venv ## Met le code en forme
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: venv ## Vérifie les types (mypy)
	$(VENV)/bin/mypy .

import-folder: venv ## Importe un dossier : make import-folder DIR=… SLUG=… WORKSPACE=…
	$(MANAGE) import_folder "$(DIR)" --collectivite "$(SLUG)" --workspace "$(WORKSPACE)"

export: venv ## Exporte une collectivité : make export SLUG=… OUT=….zip
	$(MANAGE) export_collectivite "$(SLUG)" "$(OUT)"

import: venv ## Restaure une collectivité exportée : make import IN=….zip
	$(MANAGE) import_collectivite "$(IN)"

.PHONY: backup restore
backup: venv ## Sauvegarde toute l'instance (base et fichiers) dans une archive : make backup [OUT=….tar]
	$(MANAGE) backup_instance $(OUT)

restore: venv ## Restaure une sauvegarde dans une instance vide : make restore IN=….tar
	$(MANAGE) restore_instance "$(or $(IN),$(error Précisez la sauvegarde : make restore IN=….tar))"

verify-journal: venv ## Vérifie que le journal n'a pas été altéré
	$(MANAGE) verify_journal

.PHONY: bench
bench: venv ## Mesure sur PostgreSQL (base quorum_bench) les opérations lentes et les pages servies par gunicorn à 10 et 1 000 collectivités, résultats dans var/bench/ ; QUICK=1 en petit
	$(PY) -m bench $(if $(filter 1,$(QUICK)),--quick)

.PHONY: dataset
dataset: venv ## Ajoute N collectivités réalistes (make dataset N=1000) dans la base du banc, ou celle de DATABASE_URL
	$(PY) -m bench.dataset $(or $(N),$(error Précisez le nombre : make dataset N=1000))

clean: ## Supprime l'environnement et les données locales
	rm -rf $(VENV) $(BOOT) var/db.sqlite3 var/media var/unoserver

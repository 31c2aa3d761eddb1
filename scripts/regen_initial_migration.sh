#!/usr/bin/env bash
# Regenerate migrations/models/0_*_init.py from the models against a scratch PostgreSQL database.
# Only while meterbot has no production database; afterwards add migrations with `aerich migrate`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${MB_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
scratch="mb_regen_$$"
psql "${base/postgres:/postgresql:}" -qc "CREATE DATABASE $scratch"
trap 'psql "${base/postgres:/postgresql:}" -qc "DROP DATABASE IF EXISTS $scratch WITH (FORCE)"' EXIT
rm -f "$root"/migrations/models/0_*_init.py
cd "$root"
.venv/bin/python - "${base%/*}/$scratch" <<'PY'
import asyncio, sys
from aerich import Command
from services.db import MIGRATIONS_DIR, tortoise_config

async def main(url: str) -> None:
    command = Command(tortoise_config=tortoise_config(url), app="models", location=str(MIGRATIONS_DIR))
    await command.init()
    await command.init_db(safe=True)

asyncio.run(main(sys.argv[1]))
PY
ls "$root"/migrations/models/

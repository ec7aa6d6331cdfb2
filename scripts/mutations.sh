#!/usr/bin/env bash
# Each mutation removes one safeguard; the named test must then fail. Run from the project root.
set -u
PY=.venv/bin/python
try() {  # name, file, sed-expression, command
  cp "$2" /tmp/mut.bak
  sed -i "$3" "$2"
  if git diff --quiet -- "$2"; then echo "MUTATION NOT APPLIED: $1"; return; fi
  if eval "$4" >/tmp/mut.log 2>&1; then echo "NOT CAUGHT: $1"; else echo "caught: $1 — $(tail -1 /tmp/mut.log)"; fi
  cp /tmp/mut.bak "$2"
}
try "version check removed" stocktake/core/locking.py \
  's/rows = rows.filter(version=expected_version)/pass/' \
  "$PY -m pytest -q -p no:xdist stocktake/core/tests/test_stale_saves.py -k people"
try "a scope removed (people view)" stocktake/people/views.py \
  's/get_scoped(Person, authority, person_id, "No such person")/Person.objects.get(pk=person_id)/' \
  "$PY scripts/check_scoping.py"
try "a matrix row removed" stocktake/core/tests/test_permissions.py \
  '/("people:edit",               "GET"/d' \
  "$PY -m pytest -q -p no:xdist stocktake/core/tests/test_url_matrix.py"
try "a model's authority path removed" stocktake/people/models.py \
  '0,/    authority_path = "authority"/{/    authority_path = "authority"/d}' \
  "$PY -m pytest -q -p no:xdist stocktake/core/tests/test_tenancy.py"
try "a page opened to every member (people edit, in a module-scoped matrix)" stocktake/people/views.py \
  's/@authority_view(Capability.MANAGE_PEOPLE)/@authority_view(Capability.VIEW)/' \
  "$PY -m pytest -q -p no:xdist --no-migrations stocktake/core/tests/test_permissions.py -k people"
try "a refused request that writes (fuzz fingerprint sees an update)" stocktake/core/tests/fuzzing.py \
  's/md5(coalesce(string_agg(t::text/md5(coalesce(string_agg(NULL::text/' \
  "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres $PY -m pytest -q -p no:xdist stocktake/core/tests/test_fuzzing_fingerprint.py"
try "the same on SQLite (its fingerprint reads no column)" stocktake/core/tests/fuzzing.py \
  's/quote(t\.{quote(c)})/quote(NULL)/' \
  "$PY -m pytest -q -p no:xdist --no-migrations stocktake/core/tests/test_fuzzing_fingerprint.py"

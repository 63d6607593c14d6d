#!/usr/bin/env bash
# Runs the Ansible example against this machine (ansible_connection=local),
# as two inventory hosts: one asked for what fits, one for what cannot (a
# k3s server with one CPU), so both the fetch and the failure paths run.
# Needs Debian's ansible package; .ci/run installs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v ansible-playbook >/dev/null || { echo "ansible-playbook not found (apt-get install ansible)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

arch=$(go env GOARCH)
CGO_ENABLED=0 go build -trimpath -o "$work/dist/kfit-linux-$arch" .
cat >"$work/inventory.ini" <<INI
[candidates]
fits      ansible_connection=local ansible_python_interpreter=/usr/bin/python3 kfit_args="--distro k3s:agent --memory 4GB --ignore cgroup,kernel-config,runtime,ports,storage,swap"
too-small ansible_connection=local ansible_python_interpreter=/usr/bin/python3 kfit_args="--distro k3s:server --cpus 1"
INI

set +e
ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_HOST_KEY_CHECKING=0 \
  ansible-playbook -i "$work/inventory.ini" examples/ansible/kfit.yml \
    -e kfit_dist="$work/dist" -e kfit_results="$work/results" \
    -e kfit_plan_binary="$work/dist/kfit-linux-$arch" | tee "$work/log"
rc=${PIPESTATUS[0]}
set -e

fail() { echo "ansible example: $*" >&2; exit 1; }
[ "$rc" = 2 ] || fail "ansible-playbook exited $rc, want 2 (one host failed)"
grep -Eq '^fits +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0' "$work/log" || fail "the fitting host failed"
grep -Eq '^too-small +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=1' "$work/log" || fail "the small host did not fail"
for h in fits too-small; do
  for f in probe check; do
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['schemaVersion']==1, d" "$work/results/$h/$f.json" \
      || fail "$h/$f.json is not a kfit report"
  done
done
python3 - "$work/results/plan.json" <<'PY' || fail "plan.json is wrong"
import json, sys
plan = json.load(open(sys.argv[1]))
assert plan["schemaVersion"] == 1
k3s = [p for p in plan["plans"] if p["distro"] == "k3s"][0]
hosts = {a["host"] for a in k3s["assignments"]} | {u["host"] for u in k3s["unassigned"]}
assert len(hosts) == 2, hosts  # both snapshots were planned
print("plan:", k3s["note"])
PY
echo "ansible example: ok"

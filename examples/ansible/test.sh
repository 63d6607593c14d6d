#!/usr/bin/env bash
# Runs the Ansible example against this machine (ansible_connection=local),
# as four inventory hosts with their own kfit_args: one that fits, one with
# more RAM (what-if), one that cannot (a k3s server with one CPU), and one
# that stops on warnings (--exit-code-warn 3), so the fetch, the plan from
# per-host arguments and both failure paths run. The plan binary is picked
# for the controller's architecture (no kfit_plan_binary given).
# Needs Debian's ansible package; .ci/run installs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v ansible-playbook >/dev/null || { echo "ansible-playbook not found (apt-get install ansible)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

arch=$(go env GOARCH)
CGO_ENABLED=0 go build -trimpath -o "$work/dist/kfit-linux-$arch" .
# The four hosts are this one machine: they share its hostname and
# machine-id, which a real fleet must not (kfit plan would refuse it).
ignore="cgroup,kernel-config,runtime,ports,storage,swap,hostname"
cat >"$work/inventory.ini" <<INI
[candidates]
fits      ansible_connection=local ansible_python_interpreter=/usr/bin/python3 kfit_args="--distro k3s:agent --memory 4GB --ignore $ignore"
more-ram  ansible_connection=local ansible_python_interpreter=/usr/bin/python3 kfit_args="--distro k3s --memory 64GiB --ignore $ignore"
too-small ansible_connection=local ansible_python_interpreter=/usr/bin/python3 kfit_args="--distro k3s:server --cpus 1"
warns     ansible_connection=local ansible_python_interpreter=/usr/bin/python3 kfit_args="--distro k3s:agent --memory 4GB --ignore $ignore --exit-code-warn 3"
INI

set +e
ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_HOST_KEY_CHECKING=0 \
  ansible-playbook -i "$work/inventory.ini" examples/ansible/kfit.yml \
    -e kfit_dist="$work/dist" -e kfit_results="$work/results" | tee "$work/log"
rc=${PIPESTATUS[0]}
set -e

fail() { echo "ansible example: $*" >&2; exit 1; }
[ "$rc" = 2 ] || fail "ansible-playbook exited $rc, want 2 (hosts failed)"
for h in fits more-ram; do
  grep -Eq "^$h +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0" "$work/log" || fail "$h failed"
done
grep -Eq '^too-small +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=1' "$work/log" || fail "the small host did not fail"
grep -q 'does not fit' "$work/log" || fail "the small host failed for another reason"
# This machine warns on k3s (no systemd in CI's container, ignored checks):
# with --exit-code-warn 3 it is failed as fitting only with warnings.
grep -Eq '^warns +: ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=1' "$work/log" || fail "the warning host did not fail"
grep -q 'fits only with warnings' "$work/log" || fail "the warning host failed for another reason"
for h in fits more-ram too-small warns; do
  for f in probe check machine; do
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['schemaVersion']==1, d" "$work/results/$h/$f.json" \
      || fail "$h/$f.json is not a kfit report"
  done
done
python3 - "$work/results" <<'PY' || fail "plan.json is wrong"
import json, sys
res = sys.argv[1]
plan = json.load(open(res + "/plan.json"))
assert plan["schemaVersion"] == 1
# --distro from every host's kfit_args, roles dropped: only k3s.
assert [p["distro"] for p in plan["plans"]] == ["k3s"], plan["plans"]
k3s = plan["plans"][0]
hosts = [a["host"] for a in k3s["assignments"]] + [u["host"] for u in k3s["unassigned"]]
# The four hosts are this machine: the plan names them by their files.
assert len(hosts) == 4, hosts
# Per-host what-if options are in the plan: the one with 64 GiB leads, the
# one with 1 CPU (k3s server needs 2) does not.
lead = k3s["assignments"][0]
assert lead["role"] == "server" and "more-ram/" in lead["host"], k3s
small = json.load(open(res + "/too-small/machine.json"))
assert small["cpu"]["logical"] == 1, small["cpu"]
# --ignore from the hosts' kfit_args: this container's failures are
# ignored, so the plan is feasible.
assert k3s["feasible"], k3s
print("plan:", k3s["note"])
PY
echo "ansible example: ok"

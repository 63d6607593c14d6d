#!/usr/bin/env python3
"""Turn every host's kfit_args into the options of one `kfit plan`.

Reads a JSON object {host: kfit_args} on stdin and prints the plan's
options, shell-quoted, on stdout. A plan judges all machines by one set of
options, so:
  --distro  the distributions any host names (roles dropped: k3s:server is k3s);
            none named by one host means all
  --ignore  the checks any host ignores
  --reserve, --catalog  must be the same on every host that gives them
The what-if options (--cpus, --memory, --disk, --arch, --os) are not plan
options: they are in each host's judged machine, which the playbook plans
from. The rest (-o, --strict, --exit-code-warn, ...) concern one check.
Exits 2 with a message when the hosts disagree.
"""
import json
import shlex
import sys

VALUE = {"distro", "ignore", "reserve", "catalog", "o", "output", "output-file", "host", "root",
         "timeout", "exit-code-warn", "cpus", "memory", "disk", "arch", "os", "purpose"}


def options(args):
    """Yield (name, value) for each option in a kfit command line."""
    toks = shlex.split(args or "")
    i = 0
    while i < len(toks):
        tok = toks[i]
        i += 1
        if tok == "--":
            break
        if not tok.startswith("-") or tok == "-":
            continue
        name, eq, value = tok.lstrip("-").partition("=")
        if not eq and name in VALUE and i < len(toks):
            value = toks[i]
            i += 1
        yield name, value


def main():
    hosts = json.load(sys.stdin)
    distros, everything, ignores, single = [], False, [], {"reserve": {}, "catalog": {}}
    for host, args in sorted(hosts.items()):
        named = False
        for name, value in options(args):
            if name == "distro":
                for d in value.split(","):
                    d = d.strip().split(":")[0]
                    if d:
                        named = True
                        if d not in distros:
                            distros.append(d)
            elif name == "ignore":
                for c in value.split(","):
                    if c.strip() and c.strip() not in ignores:
                        ignores.append(c.strip())
            elif name in single:
                single[name][host] = value
        everything = everything or not named
    out = []
    if distros and not everything:
        out += ["--distro", ",".join(distros)]
    if ignores:
        out += ["--ignore", ",".join(ignores)]
    for name, given in single.items():
        values = set(given.values())
        if len(values) > 1:
            sys.stderr.write("kfit plan: hosts give different --%s (%s); set kfit_plan_args\n"
                             % (name, ", ".join("%s: %s" % hv for hv in sorted(given.items()))))
            return 2
        if values:
            out += ["--" + name, values.pop()]
    print(" ".join(shlex.quote(o) for o in out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

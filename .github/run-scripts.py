#!/usr/bin/env python3
"""Runs shellcheck on every bash `run:` script of the given workflow files, as actionlint does when it can call
shellcheck: ${{ ... }} expressions become a plain word of the same length, and the script gets the options GitHub
runs it with (bash --noprofile --norc -eo pipefail). Exit status 1 when any script has a finding."""
import re
import subprocess
import sys

import yaml

EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)


def scripts(path):
    with open(path, encoding="utf-8") as f:
        workflow = yaml.safe_load(f)
    default_shell = ((workflow.get("defaults") or {}).get("run") or {}).get("shell", "bash")
    for job_id, job in (workflow.get("jobs") or {}).items():
        job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", default_shell)
        for index, step in enumerate(job.get("steps") or []):
            if "run" not in step:
                continue
            shell = step.get("shell", job_shell)
            if not shell.startswith("bash"):
                continue
            yield f"{path} job {job_id} step {index + 1} ({step.get('name', step['run'].splitlines()[0])})", step["run"]


def main(paths):
    failed = 0
    for path in paths:
        for where, script in scripts(path):
            text = EXPRESSION.sub(lambda m: "_" * len(m.group(0)), script)
            result = subprocess.run(["shellcheck", "-s", "bash", "-"], input="set -eo pipefail\n" + text,
                                    capture_output=True, text=True)
            if result.returncode != 0:
                failed += 1
                print(f"{where}:\n{result.stdout}{result.stderr}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Checks what we emit with tools nobody here wrote.

usage: oracles.py SHARED PIPELINE_BIN

1. Every example in examples/ that generates files is run into a temporary folder, and every YAML file it
   writes must be clean under actionlint, check-jsonschema and zizmor (apart from the findings explained in
   EXPLAINED below).
2. Every corpus file is formatted by `pipeline fmt`; the canonical form must hold the same data as the
   original (yaml-same), actionlint must find nothing in it that it does not find in the original, and
   check-jsonschema must accept it wherever it accepts the original.
"""
import collections
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# Findings we accept in generated files: (oracle, file name or "*", regular expression over the finding,
# reason). Anything else fails the run.
EXPLAINED = [
    (
        "actionlint",
        "*",
        r'label "(ubuntu-24\.04|macos-1[45]|windows-2025)" is unknown',
        "GitHub-hosted runner images newer than the actionlint release the oracles pin (v1.6.22, late 2022); "
        "our own validator knows them",
    ),
    (
        "zizmor",
        "*",
        r"^self-repository$",
        "zizmor 1.32 asks for GitHub's newer `$/` form of local actions, which actionlint and "
        "check-jsonschema reject; `./path` is what GitHub documents for local actions",
    ),
]


def explained(oracle, path, finding):
    return any(
        o == oracle and (name == "*" or name == Path(path).name) and re.search(pattern, finding)
        for o, name, pattern, _ in EXPLAINED
    )


# What emits YAML, and how to collect it:
# - "dir": the command takes an output folder as its last argument and writes files below it;
# - "stdout": the command prints files, each after a `# .github/...` line naming it.
GENERATORS = [
    ("README main command (the seed, fixed)", "dir", ["cargo", "run", "--quiet", "--example", "generate", "--"]),
    ("templates example", "dir", ["cargo", "run", "--quiet", "-p", "pipeline-templates", "--example", "xtask", "--"]),
    ("derives example", "stdout", ["cargo", "run", "--quiet", "--example", "derives"]),
    ("reuse example", "dir", ["cargo", "run", "--quiet", "--example", "reuse", "--"]),
]

# Files the project's own xtask writes, committed (a test keeps them fresh).
COMMITTED = [".github/workflows"]


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def run(cmd, **kw):
    """Runs cmd; its output comes back without terminal colours, which some CI hosts force on and which
    would hide findings from the patterns below."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env["NO_COLOR"] = "1"
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, **kw)
    out.stdout, out.stderr = ANSI.sub("", out.stdout), ANSI.sub("", out.stderr)
    return out


def is_action(path):
    return path.name in ("action.yml", "action.yaml") or "__action" in path.name and path.parent.name == "actions"


def actionlint(oracles, files):
    """Messages per file, without positions (a canonical form moves lines)."""
    found = collections.defaultdict(list)
    if not files:
        return found
    out = run([str(oracles / "actionlint"), *map(str, files)])
    for line in out.stdout.splitlines():
        m = re.match(r"^(.*?):(\d+):(\d+): (.*)$", line)
        if m:
            found[m.group(1)].append(m.group(4))
    return found


def schema_ok(oracles, kind, path):
    return run([str(oracles / "check-jsonschema"), kind, str(path)]).returncode == 0


def split_printed(text, out_dir):
    """Writes each `# .github/...`-headed part of a printed stream to its path below out_dir."""
    written, path, lines = [], None, []

    def flush():
        if path and lines:
            target = out_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("\n".join(lines).strip("\n") + "\n")
            written.append(target)

    for line in text.splitlines():
        m = re.match(r"^# (\.github/\S+\.ya?ml)$", line)
        if m:
            flush()
            path, lines = m.group(1), []
        else:
            lines.append(line)
    flush()
    return written


def check_generated(shared, oracles, problems):
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, (what, mode, cmd) in enumerate(GENERATORS):
            if cmd[:4] == ["cargo", "run", "--quiet", "--example"] and not Path("examples", cmd[4] + ".rs").exists():
                continue
            out_dir = Path(tmp) / str(i)
            result = run([*cmd, str(out_dir)] if mode == "dir" else cmd)
            if result.returncode != 0:
                problems.append(f"{what} failed:\n{result.stdout}\n{result.stderr}")
                continue
            if mode == "dir":
                made = sorted(p for p in out_dir.rglob("*") if p.suffix in (".yml", ".yaml"))
            else:
                made = split_printed(result.stdout, out_dir)
            print(f"{what}: {len(made)} files")
            files += made
        for folder in COMMITTED:
            made = sorted(Path(folder).glob("*.y*ml"))
            print(f"committed {folder}: {len(made)} files")
            files += made
        print(f"generated files: {len(files)}")
        workflows = [f for f in files if not is_action(f)]
        for file, messages in actionlint(oracles, workflows).items():
            for m in messages:
                if not explained("actionlint", file, m):
                    problems.append(f"actionlint: {file}: {m}")
        for f in files:
            kind = "action" if is_action(f) else "workflow"
            if not schema_ok(oracles, kind, f):
                problems.append(f"check-jsonschema {kind}: {f} is rejected")
            z = run([str(oracles / "zizmor"), "--format", "plain", str(f)])
            if z.returncode != 0:
                ids = set(re.findall(r"^(?:error|warning|help|note|info)\[([\w-]+)\]", z.stdout, re.M))
                unexplained = sorted(i for i in ids if not explained("zizmor", f, i))
                if unexplained or not ids:
                    problems.append(f"zizmor: {f.name}: {', '.join(unexplained) or 'exit ' + str(z.returncode)}\n{z.stdout}{z.stderr}")
        print(f"generated files checked with actionlint, check-jsonschema and zizmor: {len(files)}")


def check_corpus(shared, oracles, pipeline, problems):
    corpus = sorted((shared / "corpus" / "workflows").glob("*.y*ml")) + sorted(
        (shared / "corpus" / "actions").glob("*.y*ml")
    )
    with tempfile.TemporaryDirectory() as tmp:
        canonical = {}
        for f in corpus:
            action = f.parent.name == "actions"
            # `pipeline fmt` reads a file named action.yml as action metadata.
            src = f
            if action:
                src = Path(tmp) / "in" / f.name / "action.yml"
                src.parent.mkdir(parents=True, exist_ok=True)
                src.write_bytes(f.read_bytes())
            out = run([str(pipeline), "fmt", str(src)])
            if out.returncode != 0:
                problems.append(f"pipeline fmt {f.name}: exit {out.returncode}\n{out.stderr}")
                continue
            dst = Path(tmp) / "out" / f.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(out.stdout)
            canonical[f] = dst
        same = 0
        pairs = list(canonical.items())
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            results = pool.map(lambda pair: run([str(oracles / "yaml-same"), str(pair[0]), str(pair[1])]), pairs)
        for (f, _), r in zip(pairs, results):
            if r.returncode == 0:
                same += 1
            else:
                problems.append(f"yaml-same {f.name}: {r.stdout.strip()}")
        print(f"corpus: yaml-same {same} of {len(corpus)} canonical forms hold the original data")

        workflows = [f for f in canonical if f.parent.name == "workflows"]
        before = actionlint(oracles, workflows)
        after = actionlint(oracles, [canonical[f] for f in workflows])
        new_findings = 0
        for f in workflows:
            extra = collections.Counter(after.get(str(canonical[f]), [])) - collections.Counter(before.get(str(f), []))
            for m in extra:
                new_findings += 1
                problems.append(f"actionlint finds in the canonical form of {f.name} but not in the original: {m}")
        print(f"corpus: actionlint on {len(workflows)} workflows, {new_findings} findings new in the canonical form")

        accepted = rejected_new = 0
        jobs = []
        for f, c in canonical.items():
            kind = "action" if f.parent.name == "actions" else "workflow"
            jobs += [(kind, f), (kind, c)]
        # check-jsonschema takes one file per process; run a few at once.
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            verdicts = dict(zip(jobs, pool.map(lambda job: schema_ok(oracles, *job), jobs)))
        for f, c in canonical.items():
            kind = "action" if f.parent.name == "actions" else "workflow"
            if verdicts[(kind, f)]:
                if verdicts[(kind, c)]:
                    accepted += 1
                else:
                    rejected_new += 1
                    problems.append(f"check-jsonschema accepts {f.name} but rejects its canonical form")
        print(f"corpus: check-jsonschema accepts {accepted} canonical forms of originals it accepts, rejects {rejected_new}")


def main():
    shared, pipeline = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    oracles = shared / "oracles"
    problems = []
    check_generated(shared, oracles, problems)
    check_corpus(shared, oracles, pipeline, problems)
    if problems:
        print(f"\n{len(problems)} problems:")
        for p in problems:
            print(f"- {p}")
        sys.exit(1)
    print("oracles: all clean")


if __name__ == "__main__":
    main()

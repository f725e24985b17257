#!/usr/bin/env python3
"""Keep a fuzz corpus commit-sized: greedy maximum edge coverage within a file and byte budget.

`cargo fuzz cmin` keeps every file that adds a feature; that is often more than we want in git.
This runs libFuzzer's merge on the corpus with `-use_counters=0` (edges only) to get each file's
edges from the merge control file, then keeps, greedily, the file adding the most new edges per
call (ties: the smaller file) until the budget or the edges run out, and replaces the corpus
directory with the files kept.

    python3 fuzz/select_corpus.py <target> [--files 300] [--bytes 2000000] [--sanitizer none]

Run from the repository root after `cargo fuzz build [-s none] <target>`.
"""
import argparse, os, shutil, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("target")
ap.add_argument("--files", type=int, default=300)
ap.add_argument("--bytes", type=int, default=2_000_000)
ap.add_argument("--triple", default="x86_64-unknown-linux-gnu")
args = ap.parse_args()

binary = f"fuzz/target/{args.triple}/release/{args.target}"
corpus = f"fuzz/corpus/{args.target}"
with tempfile.TemporaryDirectory() as tmp:
    control = os.path.join(tmp, "control")
    out = os.path.join(tmp, "out")
    os.mkdir(out)
    subprocess.run([binary, "-merge=1", "-use_counters=0", "-rss_limit_mb=4096", "-timeout=30",
                    f"-merge_control_file={control}", out, corpus],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lines = open(control, encoding="utf-8", errors="replace").read().splitlines()
n = int(lines[0])
paths = lines[2:2 + n]
cov, size = {}, {}
for line in lines[2 + n:]:
    parts = line.split()
    if not parts:
        continue
    if parts[0] == "STARTED":
        size[int(parts[1])] = int(parts[2])
    elif parts[0] == "COV":
        cov[int(parts[1])] = set(map(int, parts[2:]))
covered, kept, total = set(), [], 0
candidates = {i for i in cov if cov[i]}
while candidates and len(kept) < args.files:
    best = max(candidates, key=lambda i: (len(cov[i] - covered), -size[i]))
    gain = len(cov[best] - covered)
    if gain == 0:
        break
    candidates.discard(best)
    if total + size[best] > args.bytes:
        continue
    kept.append(best)
    covered |= cov[best]
    total += size[best]
all_edges = set().union(*cov.values()) if cov else set()
keep_dir = corpus + ".kept"
shutil.rmtree(keep_dir, ignore_errors=True)
os.mkdir(keep_dir)
for i in kept:
    shutil.copy(paths[i], keep_dir)
shutil.rmtree(corpus)
os.rename(keep_dir, corpus)
print(f"{args.target}: kept {len(kept)} of {n} files, {total} bytes, {len(covered)} of {len(all_edges)} edges")

# shellcheck shell=bash
# Sourced by bench/kms-load.sh and bench/events-load.sh: the server's CPU time over the measured part of a run, the
# figure that depends least on whatever else shares the machine, and how it splits over the server's threads.

# A duration as the load generator takes it (20s, 2m) in its number alone.
secs() { local v=${1%s}; echo "${v%m}"; }

# thread_ticks PID: one line per thread-name group, "<group> <clock ticks of user + system time>", from /proc/PID/task,
# then the whole machine's idle + iowait ticks and all its ticks (machine_idle, machine_all) from /proc/stat.
thread_ticks() {
  python3 - "$1" <<'PY'
import collections, os, re, sys
pid = sys.argv[1]
groups = [("request threads", r"^ForkJoinPool-"), ("event loops", r"^(multiThreadIoEv|epollEventLoop|nioEventLoop)"),
          ("audit writer", r"^audit-writer"), ("sqlite checkpoint", r"^sqlite-checkpoi"), ("JIT", r"Compiler"),
          ("GC", r"^(GC Thread|G1 |VM Thread|VM Periodic)")]
ticks = collections.Counter()
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        stat = open(f"/proc/{pid}/task/{tid}/stat").read()
    except OSError:
        continue  # the thread ended
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    group = next((g for g, pattern in groups if re.search(pattern, name)), "other")
    ticks[group] += int(fields[11]) + int(fields[12])
for group, _ in groups + [("other", "")]:
    print(group.replace(" ", "_"), ticks[group])
cpu = open("/proc/stat").readline().split()[1:]
print("machine_idle", int(cpu[3]) + int(cpu[4]))  # idle + iowait, all CPUs
print("machine_all", sum(int(v) for v in cpu[:8]))
PY
}

# sample_cpu PID WARMUP DURATION DIR: in the background, writes PID's CPU time (user + system, clock ticks) at the end
# of the warmup to DIR/ticks0 and at the end of the measured part to DIR/ticks1, and its threads' (thread_ticks) to
# DIR/threads0 and DIR/threads1; CPU_SAMPLER is the sampler's pid.
sample_cpu() {
  ( sleep "$(secs "$2")"; awk '{print $14 + $15}' "/proc/$1/stat" > "$4/ticks0"; thread_ticks "$1" > "$4/threads0"
    sleep "$(secs "$3")"; awk '{print $14 + $15}' "/proc/$1/stat" > "$4/ticks1"; thread_ticks "$1" > "$4/threads1" ) &
  CPU_SAMPLER=$!
}

# thread_split DIR REPORT SECONDS LABEL: one line with the measured part's server CPU per request by thread group, in
# microseconds (REPORT: the load generator's JSON, over SECONDS measured), and how idle the whole machine was. A JIT
# share above a few µs means the warmup was too short for the compiler to settle; an idle machine means the load did
# not saturate the CPUs.
thread_split() {
  python3 - "$1/threads0" "$1/threads1" "$2" "$3" "$(getconf CLK_TCK)" "$4" <<'PY'
import json, sys
label = sys.argv[6]
try:
    before = dict(line.split() for line in open(sys.argv[1]))
    after = dict(line.split() for line in open(sys.argv[2]))
    requests = json.load(open(sys.argv[3]))["throughputPerSecond"] * float(sys.argv[4])
    hz = int(sys.argv[5])
    delta = {g: int(after[g]) - int(before[g]) for g in after}
    idle = 100 * delta.pop("machine_idle") / max(1, delta.pop("machine_all"))
    parts = [f"{g.replace('_', ' ')} {d / hz * 1e6 / requests:.1f}" for g, d in delta.items()]
    print(f"{label}: server CPU by thread, µs per request: " + ", ".join(parts) + f"; machine idle {idle:.0f}%")
except (OSError, ValueError, KeyError, ZeroDivisionError):
    print(f"{label}: server CPU by thread not sampled")
PY
}

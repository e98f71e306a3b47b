# shellcheck shell=bash
# Sourced by bench/kms-load.sh and bench/events-load.sh: the server's CPU time over the measured part of a run, the
# figure that depends least on whatever else shares the machine.

# A duration as the load generator takes it (20s, 2m) in its number alone.
secs() { local v=${1%s}; echo "${v%m}"; }

# sample_cpu PID WARMUP DURATION DIR: in the background, writes PID's CPU time (user + system, clock ticks) at the end
# of the warmup to DIR/ticks0 and at the end of the measured part to DIR/ticks1; CPU_SAMPLER is the sampler's pid.
sample_cpu() {
  ( sleep "$(secs "$2")"; awk '{print $14 + $15}' "/proc/$1/stat" > "$4/ticks0"
    sleep "$(secs "$3")"; awk '{print $14 + $15}' "/proc/$1/stat" > "$4/ticks1" ) &
  CPU_SAMPLER=$!
}

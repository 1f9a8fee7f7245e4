#!/bin/sh
# Runs a command (AWS's emulator, aws-lambda-rie) where Lambda Managed
# Instances' execution environment has its files: the function in /var/task
# and the runtime's bootstrap at /var/runtime/bootstrap. In its Lambda
# Managed Instances mode (AWS_LAMBDA_MAX_CONCURRENCY set) the emulator
# ignores its command line and runs /var/runtime/bootstrap (else
# /var/task/bootstrap) with its own working directory, so those paths must
# be real.
#
# The emulator runs the bootstrap as Lambda's sandbox user (uid 993), so
# <task root> and <scratch dir> must be readable by others.
#
# Run it in a mount namespace of its own, never in the machine's:
#
#   unshare --mount --propagation private sh managed-instances-namespace.sh \
#     <scratch dir> <task root> <bootstrap> <command> [args...]
#
# It makes a /var for the namespace in <scratch dir>/var (the machine's
# /var entries bind-mounted in, plus task/ and runtime/), mounts it over
# /var, binds <task root> to /var/task and <bootstrap> to
# /var/runtime/bootstrap, and execs <command> in /var/task. The mounts live
# as long as the namespace, which ends with its last process: nothing is
# left to unmount; <scratch dir> is the caller's to remove.
#
# With RUNTIME_API_VIA=host:port, the bootstrap is a script that points
# AWS_LAMBDA_RUNTIME_API (which the emulator sets to its own) at that address
# instead, then execs <bootstrap>: a recorder in between sees every call.
# With BOOTSTRAP_CPUS=<list>, that script runs <bootstrap> on those CPUs
# only (taskset), and the emulator stays where it was: the benchmark gives
# the runtime a core of its own.
set -eu
scratch=$1 task=$2 bootstrap=$3
shift 3

if [ "$(readlink /proc/self/ns/mnt)" = "$(readlink /proc/1/ns/mnt)" ]; then
  echo "managed-instances-namespace.sh: not in a mount namespace of its own; run it under unshare --mount --propagation private" >&2
  exit 2
fi

var=$scratch/var
mkdir "$var"
for entry in /var/* /var/.[!.]*; do
  [ -e "$entry" ] || [ -L "$entry" ] || continue
  name=${entry##*/}
  if [ -L "$entry" ]; then
    cp -P "$entry" "$var/$name"
  elif [ -d "$entry" ]; then
    mkdir "$var/$name" && mount --rbind "$entry" "$var/$name"
  else
    : > "$var/$name" && mount --bind "$entry" "$var/$name"
  fi
done
mkdir "$var/task" "$var/runtime"
: > "$var/runtime/bootstrap"
mount --rbind "$var" /var
mount --bind "$task" /var/task

if [ -n "${RUNTIME_API_VIA:-}${BOOTSTRAP_CPUS:-}" ]; then
  : > /var/runtime/bootstrap.real
  mount --bind "$bootstrap" /var/runtime/bootstrap.real
  {
    echo '#!/bin/sh'
    [ -z "${RUNTIME_API_VIA:-}" ] || echo "export AWS_LAMBDA_RUNTIME_API=$RUNTIME_API_VIA"
    if [ -n "${BOOTSTRAP_CPUS:-}" ]; then
      echo "exec taskset --cpu-list $BOOTSTRAP_CPUS /var/runtime/bootstrap.real \"\$@\""
    else
      echo 'exec /var/runtime/bootstrap.real "$@"'
    fi
  } > "$scratch/bootstrap-via"
  chmod 755 "$scratch/bootstrap-via"
  bootstrap=$scratch/bootstrap-via
fi
mount --bind "$bootstrap" /var/runtime/bootstrap

cd /var/task
exec "$@"

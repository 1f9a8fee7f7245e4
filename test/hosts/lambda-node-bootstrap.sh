#!/bin/sh
# The bootstrap of Lambda's Node.js runtime (/var/runtime/bootstrap in the
# nodejs22.x images), for AWS's Runtime Interface Emulator, which runs it in
# the task root as Lambda does. It follows the managed runtime's own: the V8
# heap sized from AWS_LAMBDA_FUNCTION_MEMORY_SIZE, then node on the runtime
# client, or, when AWS_LAMBDA_EXEC_WRAPPER is set, that program in node's
# place with the node command line as its arguments (the runtime's bash
# says `exec -- "$wrapper" node ...`; POSIX sh has no `--` for exec, and the
# wrapper's path is absolute), refused with the runtime's exit codes when it is missing (127)
# or not executable (126). The managed runtime's node is /var/lang/bin/node
# and its client /var/runtime/index.mjs; here they are the Node.js 22 and
# aws-lambda-ric that scripts/install-lambda-ric.mjs installs, named by
# LAMBDA_TEST_NODE and LAMBDA_TEST_RUNTIME (test/helpers/lambda-rie.ts).
node=${LAMBDA_TEST_NODE:?LAMBDA_TEST_NODE names the Node.js to run}
runtime=${LAMBDA_TEST_RUNTIME:?LAMBDA_TEST_RUNTIME names the runtime client}

set -- --expose-gc --max-http-header-size 81920
if [ -n "$AWS_LAMBDA_FUNCTION_MEMORY_SIZE" ]; then
  new_space=$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE / 10))
  set -- "$@" "--max-semi-space-size=$((new_space / 2))" "--max-old-space-size=$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE - new_space))"
fi
set -- "$@" "$runtime"

if [ -z "$AWS_LAMBDA_EXEC_WRAPPER" ]; then
  exec "$node" "$@"
fi
wrapper=$AWS_LAMBDA_EXEC_WRAPPER
if [ ! -f "$wrapper" ]; then
  echo "$wrapper: does not exist"
  exit 127
fi
if [ ! -x "$wrapper" ]; then
  echo "$wrapper: is not an executable"
  exit 126
fi
exec "$wrapper" "$node" "$@"

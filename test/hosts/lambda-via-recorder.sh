#!/bin/sh
# Starts a Lambda runtime's bootstrap (LAMBDA_TEST_BOOTSTRAP) with the
# Runtime API it polls replaced by LAMBDA_TEST_RUNTIME_API: a pass-through
# recorder in front of AWS's emulator (test/helpers/runtime-api-recorder.ts).
# The emulator sets AWS_LAMBDA_RUNTIME_API itself for the process it starts,
# so the change is made here, in that process, which then execs the
# bootstrap: the runtime keeps the emulator's child's pid.
export AWS_LAMBDA_RUNTIME_API="${LAMBDA_TEST_RUNTIME_API:?LAMBDA_TEST_RUNTIME_API names the recorder}"
exec "${LAMBDA_TEST_BOOTSTRAP:?LAMBDA_TEST_BOOTSTRAP names the bootstrap to run}"
